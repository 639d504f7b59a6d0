"""The ``govreport`` command line: a thin layer over the library.

Every command takes many inputs (files, folders, globs, ``-``, .jsonl corpora), analyses the bundled
report when given none, and writes its rows through one output layer (``-f``/``-o``).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from govreport.batch import Batch, BatchAbort, say, seed_path
from govreport.loading import JSONL_SUFFIXES, JsonlStream, LoadError, LoadWarning, check_encoding
from govreport.outfile import STDOUT, WriteError, open_output
from govreport.output import (
    COMPACT,
    FORMATS,
    GROUPED,
    STREAMED,
    OutputDataError,
    OutputError,
    Writer,
    check_format,
    choose_format,
    isatty,
    render_rows,
    select_columns,
    table_note,
    visible,
)

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
NO_LIMIT = sys.maxsize  # keywords --top 0: no limit (phrases takes None for it, keyness 0 with --bottom 0)


def input_options(fn: Callable) -> Callable:
    """INPUT… plus --encoding, -j/--jobs, -q/--quiet and --strict: shared by every command that reads reports."""
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]..."),
        click.option("--encoding", help="Read files in this encoding instead of detecting it (e.g. gb18030)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: number of CPUs; 1 for inputs under 1 MB)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
        click.option("--strict", is_flag=True, help="Stop at the first input that fails."),
        click.option("--jsonl", is_flag=True,
                     help="Read standard input as JSON Lines (detected anyway when its first line is a JSON "
                          "object with content or text)."),
    ]
    for dec in reversed(decorators):
        fn = dec(fn)
    return fn


def output_options(fn: Callable) -> Callable:
    """-f/--format, -o/--output, -c/--columns, --all-columns, --bom, --safe-csv and --keep-partial: shared by
    every command.

    The format is checked before the command runs (an unknown extension, a binary format to a terminal, a
    writer that is not installed: usage errors, exit 2); rows a format cannot hold are a data error (exit 1).
    """

    @functools.wraps(fn)
    def command(**opts: Any) -> Any:
        try:
            check_format(choose_format(opts.get("fmt"), opts.get("output"), sys.stdout), opts.get("output"))
            return fn(**opts)
        except OutputError as exc:
            raise click.UsageError(str(exc)) from None
        except OutputDataError as exc:
            raise click.ClickException(str(exc)) from None

    decorators = [
        click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
                     help="Output format (default: from -o's extension; a table on a terminal, CSV in a pipe). "
                          "xlsx, dta and parquet need -o."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=False),
                     help="Write to this file (replaced when the run ends); its extension picks the format (.csv .tsv .json .jsonl .txt .xlsx "
                          ".dta .parquet)."),
        click.option("-c", "--columns", metavar="A,B,...", help="Only these columns, in this order (any format)."),
        click.option("--all-columns", is_flag=True, help="Every column on a terminal too (a pipe or file has all)."),
        click.option("--bom", is_flag=True, help="Start CSV/TSV with a UTF-8 byte-order mark (for Excel)."),
        click.option("--safe-csv/--no-safe-csv", "safe_csv", default=None,
                     help="Put ' before text cells starting with = + - @ (spreadsheet formulas); on for .xlsx."),
        keep_partial_option,
    ]
    for dec in reversed(decorators):
        command = dec(command)
    return command


def output_plan(opts: dict[str, Any], columns: list[str]) -> tuple[list[str], str, dict[str, Any]]:
    """The columns, the format and the Writer options the output options ask for, checked before anything
    is opened: on a terminal the command's compact columns (:data:`govreport.output.COMPACT`) unless
    --columns or --all-columns."""
    fmt = choose_format(opts.get("fmt"), opts.get("output"), sys.stdout)
    compact = None
    terminal = fmt == "table" and not opts.get("output") and isatty(sys.stdout)
    ctx = click.get_current_context(silent=True)
    command = ctx.info_name if ctx else ""
    if terminal:
        opts["quiet"] = True  # the rows stream onto the screen: they are the progress (a bar would garble them)
        if not opts.get("all_columns"):
            compact = COMPACT.get(command)
    try:
        shown = select_columns(columns, opts.get("columns"), compact)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    options: dict[str, Any] = {"bom": bool(opts.get("bom")), "safe": opts.get("safe_csv")}
    if compact and len(shown) < len(columns):
        options["note"] = table_note(shown, columns)
    if compact and command in GROUPED and "doc" in shown and len(shown) > 1:  # the document over its rows
        shown = [c for c in shown if c != "doc"]
        options["group"] = "doc"
    return shown, fmt, options


EXAMPLES = {
    "govreport": ["govreport metrics", "govreport metrics reports/ --kind target -o targets.xlsx",
                  "govreport trends 高质量发展 corpus:national --by year"],
    "info": ["govreport info reports/ corpus.jsonl", "govreport info report.txt --sections",
             "govreport info reports/ -o info.xlsx"],
    "segment": ["govreport segment report.txt", "govreport segment report.txt --lines --pos | head",
                "govreport segment reports/ -o tokens.jsonl"],
    "keywords": ["govreport keywords report.txt -m tfidf --top 10", "govreport keywords reports/ --by all -o kw.csv",
                 "govreport keywords --top 0 -c term,count"],
    "kwic": ["govreport kwic 高质量发展 report.txt", "govreport kwic '增长\\d+%' reports/ --regex -w 10",
             "govreport kwic 改革 corpus.jsonl -o kwic.xlsx"],
    "numbers": ["govreport numbers report.txt", "govreport numbers reports/ -o numbers.parquet",
                "govreport numbers -c text,value_base,base_unit"],
    "metrics": ["govreport metrics report.txt --kind target", "govreport metrics reports/ -o metrics.xlsx",
                "govreport metrics -c indicator,value,unit,period --section 工作回顾"],
    "phrases": ["govreport phrases report.txt --category numbered --top 20",
                "govreport phrases corpus:national --by all --top 50", "govreport phrases reports/ --by section -o p.dta"],
    "targets": ["govreport targets corpus:national --indicator gdp_growth",
                "govreport targets reports/ --region 四川省 --wide -o panel.xlsx", "govreport targets report.txt"],
    "trends": ["govreport trends 高质量发展 corpus:national --by year", "govreport trends -t 双循环 reports/ -o trend.csv",
               "govreport trends '新质生产力|高质量发展' corpus.jsonl --regex"],
    "keyness": ["govreport keyness report.txt --bottom 10", "govreport keyness new/ -r old.jsonl -m lr",
                "govreport keyness --top 0 -o keyness.parquet"],
}


def examples(name: str) -> str:
    """The epilog of a command's --help: two or three examples (``\\b`` keeps click from rewrapping them)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])


def keep_partial_option(fn: Callable) -> Callable:
    return click.option("--keep-partial", is_flag=True,
                        help="If the run stops, keep what was written beside -o FILE (FILE.partial.EXT).")(fn)


@click.group(context_settings=CONTEXT, epilog=examples("govreport"))
@click.version_option(package_name="govreport")
def cli() -> None:
    """Mine Chinese government work reports (政府工作报告): figures, metric tables, policy phrases, keywords.

    Every command reads files, folders, globs, '-' (stdin) and JSON Lines corpora; with no input it analyses
    the bundled 2018 Jiulongpo district report.
    """


def make_batch(opts: dict[str, Any]) -> Batch:
    if opts.get("encoding"):
        try:
            check_encoding(opts["encoding"])
        except LookupError as exc:
            raise click.BadParameter(str(exc), param_hint="--encoding") from None
    inputs = tuple(opts["inputs"])
    if not inputs:
        inputs = (seed_path(),)
        say("no input given; analysing the bundled report jiulongpo_2018 (2018年九龙坡区政府工作报告)")
    return Batch(inputs, encoding=opts.get("encoding"), jobs=opts.get("jobs"), quiet=opts.get("quiet", False),
                 strict=opts.get("strict", False), stdin=JsonlStream(sys.stdin.buffer) if opts.get("jsonl") and sys.stdin is not None
                 else None)


def emit(opts: dict[str, Any], columns: list[str], produce: Callable[[Batch], Iterable[dict]],
         render: Callable[[list[dict], list[str], Any], None] | None = None, others: tuple[Batch, ...] = ()) -> None:
    """Run ``produce`` over the batch the options name and write its rows; exit with the batch's code.

    ``render(rows, columns, stream)``, when given, draws the table format instead of the plain table (a chart).
    ``others`` are more batches ``produce`` reads (keyness references): their inputs are checked first too.
    """
    columns, fmt, options = output_plan(opts, columns)  # usage errors before anything is opened
    with open_batch(opts, others) as (batch, out):
        stream = out.stream
        sources: list[Any] = []
        finished = False
        with writing(sources):
            drawn: list[dict] | None = [] if render is not None and fmt == "table" else None
            writer = Writer(columns, fmt, stream, **options)
            try:
                if isinstance(produce, rows_per_doc) and fmt in STREAMED:
                    sources.append(produce.rendered(batch, columns, fmt, bool(options["safe"])))
                    for text, count in sources[-1]:
                        writer.write_block(text, count)
                else:
                    sources.append(produce(batch))
                    for row in sources[-1]:
                        if drawn is None:
                            writer.write(row)
                        else:
                            drawn.append(row)
                finished = True
            except BatchAbort:
                pass  # --strict: the failure is reported; finish what was written
            except (KeyboardInterrupt, Terminated):
                if fmt == "json":
                    writer.close()  # the rows already written stay a valid JSON array
                raise
            if drawn is None:
                writer.close()
            else:
                render(drawn, columns, stream)
        finish(out, batch, finished)
    code = batch.exit_code()
    if code:
        sys.exit(code)


def finish(out: Any, batch: Batch, finished: bool) -> None:
    """Put the output in place when the run went to its end and read documents; else leave the old file."""
    if finished and batch.done:
        out.commit()
    elif out.replaces:
        batch.notes.append(f"-o {out.target} not written: {'no document was read' if finished else 'the run stopped'}")


@contextlib.contextmanager
def open_batch(opts: dict[str, Any], others: tuple[Batch, ...] = ()) -> Iterator[tuple[Batch, Any]]:
    """The batch the options name and the destination -o names (never one of the inputs).

    Inputs are expanded before the output is touched; with -o, an input that names nothing (a mistyped
    path) stops the run there, and the file stays as it was. The destination is closed on the way out:
    without a commit, a temporary file is removed (or kept with --keep-partial, and said so).
    """
    batch = make_batch(opts)
    output = opts.get("output")
    check_output_path(output, [*batch.inputs, *option_files(opts)])
    to_file = bool(output and output != "-")
    batches = (batch, *others)
    for b in batches:
        if to_file:
            b.exclude = frozenset({os.path.realpath(output)})  # never read the file being written
        try:
            b.tasks()
        except BatchAbort:  # --strict: the failure is reported
            sys.exit(b.exit_code() or 1)
    missing = sum(b.missing_inputs for b in batches)
    if to_file and missing:
        for b in batches:
            b.report_failures()
        raise click.UsageError(f"-o {output} not written: {missing} input{'s name' if missing > 1 else ' names'} "
                               "nothing")
    if missing and not any(b.tasks() for b in batches):  # every input names nothing: no header, only the errors
        for b in batches:
            b.report_failures()
        sys.exit(2)
    out = open_output(output, opts.get("keep_partial", False))
    try:
        yield batch, out
    finally:
        partial = out.close()
        if partial is not None:
            say(f"partial output kept in {partial}")


@contextlib.contextmanager
def writing(sources: list[Any]) -> Iterator[None]:
    """While rows are written: a closed pipe (``govreport … | head``) ends quietly with exit 0 (click would
    make it 1); whatever happens, the producers in ``sources`` are stopped."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    finally:
        for source in sources:
            _close(source)


def _close(source: Any) -> None:
    """Stop a producer left part-way (a closed pipe, Ctrl-C) now, while the interpreter is whole: its worker
    processes are ended here, not during interpreter shutdown, where ending a pool can hang."""
    close = getattr(source, "close", None)
    if close is not None:
        close()


def check_output_path(output: str | None, inputs: Iterable[str]) -> None:
    """A usage error when -o names an input: the same file under any name (a file in an input folder or
    pattern, a link), or the file standard input comes from; checked before the output is opened."""
    if not output or output == "-":
        return
    from govreport.loading import overwritten_input

    if overwritten_input(output, tuple(inputs)) is not None:
        raise click.UsageError(f"-o {output} would overwrite an input file")


def option_files(opts: dict[str, Any]) -> list[str]:
    """The files options name (--lexicon, --stopwords, --userdict): inputs too, never to be overwritten."""
    return [opts[k] for k in ("lexicon", "stopwords_file", "userdict") if opts.get(k)]


class rows_per_doc:  # noqa: N801 - used like a function: rows_per_doc(fn)
    """A producer that applies ``fn(report) -> rows`` to every document (in workers) and chains the rows.

    For a streamed format, ``emit`` has the workers format the rows too (``rendered``): the process that
    writes then only copies text, so that -j 2 runs nearly twice as fast as -j 1.
    """

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, batch: Batch) -> Iterable[dict]:
        for rows in batch.map(functools.partial(_as_list, self.fn)):
            yield from rows

    def rendered(self, batch: Batch, columns: list[str], fmt: str, safe: bool = False) -> Iterable[tuple[str, int]]:
        return batch.map(functools.partial(_rendered, self.fn, columns, fmt, safe))


def _as_list(fn: Callable, report) -> list[dict]:
    return list(fn(report))


def _rendered(fn: Callable, columns: list[str], fmt: str, safe: bool, report) -> tuple[str, int]:
    return render_rows(fn(report), columns, fmt, safe)


# --- commands ------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT, epilog=examples("info"))
@input_options
@output_options
@click.option("--sections", is_flag=True, help="One row per section heading, with its offset.")
def info(**opts: Any) -> None:
    """One row per document: title, year, region, level, genre, size, paragraphs and sections.

    Columns: doc, title, year, region, level, genre, chars, paragraphs, sections; with --sections: doc, level,
    start, end, title. genre is work_report, plan_report, budget_report or summary (a news story).
    """
    if opts["sections"]:
        emit(opts, SECTION_COLUMNS, rows_per_doc(_section_rows))
    else:
        emit(opts, INFO_COLUMNS, rows_per_doc(_info_rows))


INFO_COLUMNS = ["doc", "title", "year", "region", "level", "genre", "chars", "paragraphs", "sections"]
SECTION_COLUMNS = ["doc", "level", "start", "end", "title"]


def _info_rows(report) -> list[dict]:
    return [report.info()]


def _section_rows(report) -> list[dict]:
    return [{"doc": report.id, "level": s.level, "start": s.start, "end": s.end, "title": s.title}
            for s in report.sections]


def term_options(fn: Callable) -> Callable:
    """--min-len, --stopwords and --no-stopwords: which tokens count as terms (keywords, keyness)."""
    fn = click.option("--no-stopwords", is_flag=True,
                      help="Do not drop the bundled stopwords (a --stopwords file still applies).")(fn)
    fn = click.option("--stopwords", "stopwords_file", type=click.Path(exists=True, dir_okay=False),
                      help="A stopword file (one word per line) added to the bundled list.")(fn)
    fn = click.option("--min-len", type=click.IntRange(min=1), default=2, show_default=True,
                      help="Shortest term, in characters.")(fn)
    return fn


def engine_options(fn: Callable) -> Callable:
    """--engine and --userdict: how text is segmented."""
    fn = click.option("--userdict", type=click.Path(exists=True, dir_okay=False),
                      help="A jieba user dictionary (word [freq] [tag] per line).")(fn)
    fn = click.option("--engine", type=click.Choice(["rjieba", "jieba"]), default="rjieba", show_default=True,
                      help="Segmenter: rjieba (fast) or pure-Python jieba (the reference).")(fn)
    return fn


@cli.command(context_settings=CONTEXT, epilog=examples("segment"))
@input_options
@output_options
@engine_options
@click.option("--lines", is_flag=True, help="One token per line instead of space-separated.")
@click.option("--pos", is_flag=True, help="Append part-of-speech tags (token/tag).")
def segment(**opts: Any) -> None:
    """Segment reports into words with jieba and the bundled policy lexicon.

    Prints tokens separated by spaces, one document per line (or one token per line with --lines); with -f,
    -c or an -o extension other than .txt, rows of doc, tokens in that format (CSV in a pipe).
    """
    from govreport import segment as seg

    try:
        seg.get_tokenizer(opts["engine"], opts["userdict"])  # built once here; workers inherit it
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    fn = functools.partial(seg.segment_text, engine=opts["engine"], userdict=opts["userdict"], pos=opts["pos"],
                           lines=opts["lines"])
    output = opts.get("output")
    if opts.get("fmt") or opts.get("columns") or (output and output != "-" and not output.lower().endswith(".txt")):
        emit(opts, SEGMENT_COLUMNS, rows_per_doc(functools.partial(_segment_rows, fn)))
        return
    with open_batch(opts) as (batch, out):
        stream = out.stream
        terminal = isatty(stream)
        sources = [batch.map(fn)]
        finished = False
        with writing(sources):
            try:
                for text in sources[0]:
                    stream.write((visible(text) if terminal else text) + "\n")
                finished = True
            except BatchAbort:
                pass
            stream.flush()
        finish(out, batch, finished)
    code = batch.exit_code()
    if code:  # never 0 when a document failed
        sys.exit(code)


SEGMENT_COLUMNS = ["doc", "tokens"]


def _segment_rows(fn: Callable, report) -> list[dict]:
    return [{"doc": report.id, "tokens": fn(report)}]


@cli.command(context_settings=CONTEXT, epilog=examples("keywords"))
@input_options
@output_options
@engine_options
@click.option("-m", "--method", type=click.Choice(["freq", "tfidf", "textrank"]), default="freq",
              show_default=True, help="How terms are ranked.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Terms per document (or overall); 0: no limit.")
@term_options
@click.option("--by", type=click.Choice(["doc", "all"]), default="doc", show_default=True,
              help="Rank per document or over all documents together.")
def keywords(**opts: Any) -> None:
    """Keywords of each report: frequency, TF-IDF against the national reports, or TextRank.

    Columns: doc, rank, term, count, per_10k (count per 10,000 characters), score (TF-IDF or TextRank;
    empty for freq). Numbers, punctuation and stopwords are dropped.
    """
    from govreport import keywords as kw

    opts["top"] = opts["top"] or NO_LIMIT
    options = {k: opts[k] for k in ("method", "top", "min_len", "stopwords_file", "no_stopwords", "engine",
                                    "userdict")}
    try:
        kw.check_options(by=opts["by"], **options)  # tokenizer, stopwords, IDF loaded once, before workers fork
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if opts["by"] == "doc":  # each document ranked in its worker: only its top rows come back
        emit(opts, kw.columns(opts["method"]), rows_per_doc(functools.partial(kw.doc_keyword_rows, **options)))
    else:
        emit(opts, kw.columns(opts["method"]), functools.partial(kw.produce_keywords, by="all", **options))


@cli.command(context_settings=CONTEXT, epilog=examples("kwic"))
@click.argument("pattern")
@input_options
@output_options
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression.")
@click.option("-w", "--window", type=click.IntRange(min=0), default=20, show_default=True,
              help="Characters of context on each side.")
def kwic(pattern: str, **opts: Any) -> None:
    """Keyword in context: every occurrence of PATTERN with the text around it.

    Columns: doc, start, end, left, match, right (offsets index the text as read).
    """
    from govreport import keywords as kw

    try:
        matcher = kw.compile_pattern(pattern, opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="PATTERN") from None
    emit(opts, kw.KWIC_COLUMNS, rows_per_doc(functools.partial(kw.kwic_rows, pattern=matcher, window=opts["window"])))


@cli.command(context_settings=CONTEXT, epilog=examples("numbers"))
@input_options
@output_options
def numbers(**opts: Any) -> None:
    """Every quantity mentioned: value, unit, base value and unit, qualifier, and its sentence.

    Columns: doc, region, year, start, end, text, value, unit, value_base, base_unit, qualifier, sentence.
    """
    from govreport import quantities

    emit(opts, quantities.COLUMNS, rows_per_doc(quantities.number_rows))


@cli.command(context_settings=CONTEXT, epilog=examples("metrics"))
@input_options
@output_options
@click.option("--kind", type=click.Choice(["actual", "target", "none"]), help="Only actual or target figures.")
@click.option("--indicator", help="Only indicators containing this text (a regular expression with --regex).")
@click.option("--section", help="Only figures under headings containing this text.")
@click.option("--regex", is_flag=True, help="--indicator is a regular expression.")
def metrics(**opts: Any) -> None:
    """The metric table: each figure with its indicator, change, target or actual, and period.

    Columns: doc, region, year, section, period, kind, indicator, change, role, value, unit, value_base,
    base_unit, qualifier, text, sentence, start, end.
    """
    from govreport import metrics as mt

    try:
        filters = mt.make_filter(kind=opts["kind"], indicator=opts["indicator"], section=opts["section"],
                                 regex=opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--indicator") from None
    emit(opts, mt.COLUMNS, rows_per_doc(functools.partial(mt.metric_rows, keep=filters)))


@cli.command(context_settings=CONTEXT, epilog=examples("phrases"))
@input_options
@output_options
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False),
              help="Phrases to count: one per line, or a CSV of phrase,category.")
@click.option("--by", type=click.Choice(["doc", "section", "all", "category"]), default="doc", show_default=True,
              help="Count per document, per section heading, over all documents, or per category (totals).")
@click.option("--category", help="Only this category (quoted, numbered, lexicon, or a lexicon's own).")
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True, help="Drop rarer rows.")
@click.option("--top", type=click.IntRange(min=0),
              help="At most N rows per document (overall with --by all); 0: no limit (the default).")
@click.option("--max-len", type=click.IntRange(min=2), default=20, show_default=True,
              help="Longest quoted phrase, in characters.")
@click.option("--section", help="Only the text under headings containing this text (any enclosing heading).")
def phrases(**opts: Any) -> None:
    """Policy phrases: quoted formulations, numbered slogans (五位一体) and lexicon entries, counted.

    Counts are verbatim occurrences in the text as read (never tokens), quoted or not.

    Columns: doc, region, year, phrase, category, count, quoted_count, per_10k, first_start, numeral (plus
    section after year with --by section); with --by category: doc, region, year, category, phrases, count,
    per_10k.
    """
    from govreport import phrases as ph

    try:
        lexicon = ph.read_lexicon(opts["lexicon"]) if opts["lexicon"] else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lexicon") from None
    options = {"lexicon": lexicon, "category": opts["category"], "min_count": opts["min_count"],
               "top": opts["top"] or None, "max_len": opts["max_len"], "section": opts["section"]}
    emit(opts, ph.columns(opts["by"]), functools.partial(ph.produce_phrases, by=opts["by"], **options))


@cli.command(context_settings=CONTEXT, epilog=examples("targets"))
@input_options
@output_options
@click.option("--indicator", help="Only indicators whose id or name contains this text (gdp_growth, cpi, 失业率).")
@click.option("--wide", is_flag=True, help="One row per region and year, a target and an outcome column per indicator.")
@click.option("--panel", "force_panel", is_flag=True, help="The panel even for a single report (not its headline).")
@click.option("--region", help="The region of reports that name none (a folder of one region's reports).")
def targets(**opts: Any) -> None:
    """Targets against outcomes: each year's target joined to the outcome the next year's report gives.

    Reports join by region and year: region R's target for year Y (its report of Y) meets the outcome its
    report of Y + 1 gives; national and local reports never join. Indicators have stable ids (gdp_growth,
    cpi, urban_new_jobs, deficit_ratio, ...; govreport/data/indicators.tsv) and are recognised under the
    names they go by (govreport/data/indicator_synonyms.tsv).

    Columns: region, year, indicator_id, indicator, target_name, target_text, target_low, target_high,
    target_value, target_qualifier, actual_name, actual_text, actual_value, gap, met, target_doc, actual_doc.
    With --wide: region, year, target_doc, actual_doc, then ID_target and ID_actual per indicator. A single
    report (one file, or none: the bundled report) gives its headline instead: doc, region, year,
    indicator_id, indicator, target_text, target_low, target_high, actual_year, actual_text, actual_value.
    """
    from govreport import targets as tg

    wanted = opts["indicator"]
    if opts["wide"]:
        shape = "wide"
    elif not opts["force_panel"] and _single_report(opts["inputs"]):
        shape = "headline"
    else:
        shape = "long"

    def produce(batch: Batch) -> Iterable[dict]:
        figures = list(batch.map(functools.partial(tg.report_figures, region=opts["region"])))
        placed = shape == "long" or shape == "wide" and not tg.without_region(figures)  # a panel is built
        apart = tg.unjoined(figures) if placed else []
        if apart:
            named = ", ".join(apart[:2]) + (", ..." if len(apart) > 2 else "")
            say(f"{len(apart)} reports a year apart name no region ({named}) and are joined to no other; give "
                "--region NAME for a folder of one region's reports")
        try:
            return tg.rows_of_figures(figures, shape, wanted)
        except ValueError as exc:  # a wide panel of reports without a region: -o is a temporary file, the old stays
            raise click.UsageError(str(exc)) from None

    emit(opts, tg.columns(shape, wanted), produce)


def _single_report(inputs: tuple[str, ...]) -> bool:
    """Whether the inputs are one report: none (the bundled report), '-', or one file that is no corpus."""
    if not inputs:
        return True
    return len(inputs) == 1 and (inputs[0] == "-" or (os.path.isfile(inputs[0])
                                                      and not inputs[0].lower().endswith(JSONL_SUFFIXES)))


def inputs_metavar(metavar: str) -> Callable:
    """Show the INPUT… argument of :func:`input_options` under another name (TERM… [INPUT]…, [TARGET]…)."""

    def decorate(fn: Callable) -> Callable:
        for param in getattr(fn, "__click_params__", []):
            if param.name == "inputs":
                param.metavar = metavar
        return fn

    return decorate


@cli.command(context_settings=CONTEXT, epilog=examples("trends"))
@inputs_metavar("TERM... [INPUT]...")
@input_options
@output_options
@click.option("-t", "--term", "terms", multiple=True, metavar="TERM",
              help="A term to count (repeatable); then every argument is an input.")
@click.option("--by", type=click.Choice(["doc", "year"]), default="doc", show_default=True,
              help="One row per document, or totals per year.")
@click.option("--regex", is_flag=True, help="Terms are regular expressions.")
def trends(**opts: Any) -> None:
    """How often terms occur in each report (or year): verbatim occurrences in the text as read.

    The first arguments are terms, up to the first one that names an input ('-', an existing file or folder,
    a path with '/', or a name ending in .txt .htm .html .md .jsonl); use -t TERM for a term that looks like
    an input. On a terminal each term is drawn as a bar chart of per_10k.

    Columns: term, doc, year, region, count, per_10k; with --by year: term, year, docs, count, per_10k
    (per 10,000 characters of the year's documents). Rows are ordered by term, year, then input order.
    """
    from govreport import trends as tr

    terms, inputs = tr.split_arguments(opts["inputs"], opts["terms"])
    if not terms:
        raise click.UsageError("give at least one TERM (or -t TERM)")
    try:
        tr.compile_terms(terms, opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="TERM") from None
    opts["inputs"] = tuple(inputs)
    emit(opts, tr.columns(opts["by"]),
         functools.partial(tr.produce_trends, terms=terms, by=opts["by"], regex=opts["regex"]),
         render=tr.draw_chart)


@cli.command(context_settings=CONTEXT, epilog=examples("keyness"))
@inputs_metavar("[TARGET]...")
@input_options
@output_options
@engine_options
@click.option("-r", "--reference", "references", multiple=True, metavar="REF",
              help="Reference input (file, folder, quoted glob, '-', .jsonl); repeatable. "
                   "Default: the bundled national background.")
@click.option("-m", "--measure", type=click.Choice(["chi2", "lr"]), default="chi2", show_default=True,
              help="Chi-squared or log-likelihood (G2).")
@click.option("--correction", type=click.Choice(["yates", "williams", "none"]), default="yates",
              show_default=True, help="Yates (when an expected count is below 5, as quanteda), Williams, or none.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="The N most over-represented terms; 0: no limit (every term, most over-represented first).")
@click.option("--bottom", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also the N most under-represented terms.")
@term_options
def keyness(**opts: Any) -> None:
    """Terms over- or under-represented in the TARGET reports (pooled) against the reference.

    Both sides are segmented as by keywords; each term's 2x2 table (its count and the other terms' on each
    side) gives a signed statistic: positive when the term is more frequent in the target than expected.

    Columns: term, target_count, reference_count, statistic, p_value; sorted by statistic, descending.
    """
    from govreport import keyness as ky

    if opts["top"] == 0:  # no limit: every term, which already holds the --bottom ones
        opts["bottom"] = 0
    options = {k: opts[k] for k in ("measure", "correction", "top", "bottom", "min_len", "stopwords_file",
                                    "no_stopwords", "engine", "userdict")}
    try:
        ky.check_options(background=not opts["references"], **options)  # loaded once, before workers fork
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    reference_batch = None
    if opts["references"]:
        check_output_path(opts.get("output"), opts["references"])
        reference_batch = Batch(tuple(opts["references"]), encoding=opts.get("encoding"), jobs=opts.get("jobs"),
                                quiet=opts.get("quiet", False), strict=opts.get("strict", False))
    emit(opts, ky.columns(), functools.partial(ky.produce_keyness, reference_batch=reference_batch, **options),
         others=(reference_batch,) if reference_batch is not None else ())


class Terminated(BaseException):
    """SIGTERM arrived: stop as on Ctrl-C (workers ended, output closed and valid), then exit 143."""


def _on_sigterm(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the way out is not interrupted again
    raise Terminated


def main(args: list[str] | None = None) -> None:
    """Entry point: quiet on a closed pipe (``govreport … | head``), exit 130 on Ctrl-C and 143 on SIGTERM.

    ``args`` defaults to the command line; user errors become one line on stderr, never a traceback;
    the library's warnings (:class:`LoadWarning`) are one line each, every time.
    """
    warnings.showwarning = _show_warning
    warnings.simplefilter("always", LoadWarning)
    _hold_standard_fds()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = _run(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    sys.exit(code)


def _run(args: list[str] | None) -> int:
    """The command's exit code; every way it can end but a bug is mapped here to one line and a code."""
    try:
        code = cli.main(args=args, standalone_mode=False, prog_name="govreport")
    except click.exceptions.NoArgsIsHelpError as exc:  # bare ``govreport``: the help, not an error line
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        return 0
    except (click.exceptions.Abort, KeyboardInterrupt):
        say("interrupted")
        return 130
    except Terminated:
        say("terminated")
        return 143
    except click.ClickException as exc:
        say(exc.format_message())
        return exc.exit_code
    except WriteError as exc:  # a full disk, a lost device, a removed folder: named
        if exc.name == STDOUT:
            _silence_stdout()
        say(str(exc))
        return 1
    except LoadError as exc:  # a document read outside the batch (e.g. a reference corpus)
        say(str(exc))
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            return 0
        say(exc.strerror or str(exc))
        return 1
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        say(str(WriteError(STDOUT, exc)))
        return 1
    return code if isinstance(code, int) else 0


def _hold_standard_fds() -> None:
    """Started with stdin, stdout or stderr closed (``<&-``): hold the descriptor on /dev/null, so that no
    file opened later (the output, a worker's pipe) takes its number, and send stderr's lines nowhere rather
    than onto standard output."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process


_python_showwarning = warnings.showwarning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, LoadWarning):
        say(f"warning: {message}")
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass
