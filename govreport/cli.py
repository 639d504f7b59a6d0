"""The ``govreport`` command line: a thin layer over the library.

Every command takes many inputs (files, folders, globs, ``-``, .jsonl corpora), analyses the bundled
report when given none, and writes its rows through one output layer (``-f``/``-o``).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from govreport.batch import Batch, BatchAbort, seed_path
from govreport.output import FORMATS, Writer, choose_format

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def input_options(fn: Callable) -> Callable:
    """INPUT… plus --encoding, -j/--jobs, -q/--quiet and --strict: shared by every command that reads reports."""
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]..."),
        click.option("--encoding", help="Read files in this encoding instead of detecting it (e.g. gb18030)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: number of CPUs)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
        click.option("--strict", is_flag=True, help="Stop at the first input that fails."),
    ]
    for dec in reversed(decorators):
        fn = dec(fn)
    return fn


def output_options(fn: Callable) -> Callable:
    """-f/--format and -o/--output: shared by every command."""
    fn = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, writable=False), help="Write to this file; its extension picks the format."
    )(fn)
    fn = click.option(
        "-f", "--format", "fmt", type=click.Choice(FORMATS),
        help="Output format (default: table on a terminal, CSV in a pipe).",
    )(fn)
    return fn


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="govreport")
def cli() -> None:
    """Mine Chinese government work reports (政府工作报告): figures, metric tables, policy phrases, keywords.

    Every command reads files, folders, globs, '-' (stdin) and JSON Lines corpora; with no input it analyses
    the bundled 2018 Jiulongpo district report.
    """


def make_batch(opts: dict[str, Any]) -> Batch:
    inputs = tuple(opts["inputs"])
    if not inputs:
        inputs = (seed_path(),)
        click.echo("govreport: no input given; analysing the bundled report jiulongpo_2018 "
                   "(2018年九龙坡区政府工作报告)", err=True)
    return Batch(inputs, encoding=opts.get("encoding"), jobs=opts.get("jobs"), quiet=opts.get("quiet", False),
                 strict=opts.get("strict", False))


def emit(opts: dict[str, Any], columns: list[str], produce: Callable[[Batch], Iterable[dict]]) -> None:
    """Run ``produce`` over the batch the options name and write its rows; exit with the batch's code."""
    batch = make_batch(opts)
    output = opts.get("output")
    check_output_path(output, batch.inputs)
    fmt = choose_format(opts.get("fmt"), output, sys.stdout)
    stream = open_output(output)
    writer = Writer(columns, fmt, stream)
    code = 0
    try:
        for row in produce(batch):
            writer.write(row)
    except BatchAbort:
        code = 1
    finally:
        writer.close()
        if stream is not sys.stdout:
            stream.close()
    code = code or batch.exit_code()
    if code:
        sys.exit(code)


def check_output_path(output: str | None, inputs: Iterable[str]) -> None:
    if not output or output == "-":
        return
    target = os.path.realpath(output)
    for raw in inputs:
        if os.path.exists(raw) and os.path.realpath(raw) == target:
            raise click.UsageError(f"-o {output} would overwrite an input file")


def open_output(output: str | None):
    if not output or output == "-":
        return sys.stdout
    try:
        return open(output, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None


def rows_per_doc(fn: Callable) -> Callable[[Batch], Iterable[dict]]:
    """A producer that applies ``fn(report) -> rows`` to every document (in workers) and chains the rows."""

    def produce(batch: Batch) -> Iterable[dict]:
        for rows in batch.map(functools.partial(_as_list, fn)):
            yield from rows

    return produce


def _as_list(fn: Callable, report) -> list[dict]:
    return list(fn(report))


# --- commands ------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--sections", is_flag=True, help="One row per section heading, with its offset.")
def info(**opts: Any) -> None:
    """One row per document: title, year, region, level, size, paragraphs and sections.

    Columns: doc, title, year, region, level, chars, paragraphs, sections; with --sections: doc, level, start,
    end, title.
    """
    if opts["sections"]:
        columns = ["doc", "level", "start", "end", "title"]
        emit(opts, columns, rows_per_doc(_section_rows))
    else:
        columns = ["doc", "title", "year", "region", "level", "chars", "paragraphs", "sections"]
        emit(opts, columns, rows_per_doc(_info_rows))


def _info_rows(report) -> list[dict]:
    return [report.info()]


def _section_rows(report) -> list[dict]:
    return [{"doc": report.id, "level": s.level, "start": s.start, "end": s.end, "title": s.title}
            for s in report.sections]


def engine_options(fn: Callable) -> Callable:
    """--engine and --userdict: how text is segmented."""
    fn = click.option("--userdict", type=click.Path(exists=True, dir_okay=False),
                      help="A jieba user dictionary (word [freq] [tag] per line).")(fn)
    fn = click.option("--engine", type=click.Choice(["rjieba", "jieba"]), default="rjieba", show_default=True,
                      help="Segmenter: rjieba (fast) or pure-Python jieba (the reference).")(fn)
    return fn


@cli.command(context_settings=CONTEXT)
@input_options
@engine_options
@click.option("--lines", is_flag=True, help="One token per line instead of space-separated.")
@click.option("--pos", is_flag=True, help="Append part-of-speech tags (token/tag).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def segment(**opts: Any) -> None:
    """Segment reports into words with jieba and the bundled policy lexicon.

    Prints tokens separated by spaces, one document per line (or one token per line with --lines).
    """
    from govreport import segment as seg

    batch = make_batch(opts)
    check_output_path(opts.get("output"), batch.inputs)
    stream = open_output(opts.get("output"))
    fn = functools.partial(seg.segment_text, engine=opts["engine"], userdict=opts["userdict"], pos=opts["pos"],
                           lines=opts["lines"])
    try:
        for text in batch.map(fn):
            stream.write(text + "\n")
    except BatchAbort:
        pass
    finally:
        stream.flush()
    code = batch.exit_code()
    if code or batch.failures:
        sys.exit(code or 1)


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@engine_options
@click.option("-m", "--method", type=click.Choice(["freq", "tfidf", "textrank"]), default="freq",
              show_default=True, help="How terms are ranked.")
@click.option("--top", type=int, default=20, show_default=True, help="Terms per document (or overall).")
@click.option("--min-len", type=click.IntRange(min=1), default=2, show_default=True,
              help="Shortest term, in characters.")
@click.option("--stopwords", "stopwords_file", type=click.Path(exists=True, dir_okay=False),
              help="A stopword file (one word per line) added to the bundled list.")
@click.option("--no-stopwords", is_flag=True, help="Keep stopwords.")
@click.option("--by", type=click.Choice(["doc", "all"]), default="doc", show_default=True,
              help="Rank per document or over all documents together.")
def keywords(**opts: Any) -> None:
    """Keywords of each report: frequency, TF-IDF against the national reports, or TextRank.

    Columns: doc, rank, term, count, per_10k, score.
    """
    from govreport import keywords as kw

    if opts["top"] < 1:
        raise click.BadParameter("must be at least 1", param_hint="--top")
    options = {k: opts[k] for k in ("method", "top", "min_len", "stopwords_file", "no_stopwords", "engine",
                                    "userdict")}
    emit(opts, kw.columns(opts["method"]), functools.partial(kw.produce_keywords, by=opts["by"], **options))


@cli.command(context_settings=CONTEXT)
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


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
def numbers(**opts: Any) -> None:
    """Every quantity mentioned: value, unit, base value and unit, qualifier, and its sentence.

    Columns: doc, start, end, text, value, unit, value_base, base_unit, qualifier, sentence.
    """
    from govreport import quantities

    emit(opts, quantities.COLUMNS, rows_per_doc(quantities.number_rows))


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--kind", type=click.Choice(["actual", "target", "none"]), help="Only actual or target figures.")
@click.option("--indicator", help="Only indicators containing this text (a regular expression with --regex).")
@click.option("--section", help="Only figures under headings containing this text.")
@click.option("--regex", is_flag=True, help="--indicator is a regular expression.")
def metrics(**opts: Any) -> None:
    """The metric table: each figure with its indicator, change, target or actual, and period.

    Columns: doc, section, period, kind, indicator, change, role, value, unit, value_base, base_unit,
    qualifier, text, sentence, start, end.
    """
    from govreport import metrics as mt

    try:
        filters = mt.make_filter(kind=opts["kind"], indicator=opts["indicator"], section=opts["section"],
                                 regex=opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--indicator") from None
    emit(opts, mt.COLUMNS, rows_per_doc(functools.partial(mt.metric_rows, keep=filters)))


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False),
              help="Phrases to count: one per line, or a CSV of phrase,category.")
@click.option("--by", type=click.Choice(["doc", "section", "all", "category"]), default="doc", show_default=True,
              help="Count per document, per section heading, over all documents, or per lexicon category.")
@click.option("--category", help="Only this category (quoted, numbered, lexicon, or a lexicon's own).")
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True, help="Drop rarer phrases.")
@click.option("--top", type=click.IntRange(min=1), help="At most N phrases per document (or overall).")
def phrases(**opts: Any) -> None:
    """Policy phrases: quoted formulations, numbered slogans (五位一体) and lexicon entries, counted.

    Columns: doc, phrase, category, count, quoted_count, per_10k, first_start, numeral (plus section with
    --by section).
    """
    from govreport import phrases as ph

    try:
        lexicon = ph.read_lexicon(opts["lexicon"]) if opts["lexicon"] else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lexicon") from None
    options = {"lexicon": lexicon, "category": opts["category"], "min_count": opts["min_count"], "top": opts["top"]}
    emit(opts, ph.columns(opts["by"]), functools.partial(ph.produce_phrases, by=opts["by"], **options))


def main() -> None:
    """Entry point: quiet on a closed pipe (``govreport … | head``), exit 130 on Ctrl-C."""
    try:
        code = cli.main(standalone_mode=False, prog_name="govreport")
    except click.exceptions.Abort:
        click.echo("govreport: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("govreport: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"govreport: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except OSError as exc:
        if exc.errno == 32:
            _silence_stdout()
            sys.exit(0)
        click.echo(f"govreport: {exc.strerror or exc}", err=True)
        sys.exit(1)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code if isinstance(code, int) else 0)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

