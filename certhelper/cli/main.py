"""The command line: `certhelper [status|diagnose|check|report|remind|...]`.

Commands live in certhelper/commands/, one module each; this module holds what they share (the
module options, the language) and the single place where errors become a message and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from certhelper import __version__
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, Parser, add_module_options

# Each module of certhelper/commands (but `common`) is a command with register(subparsers) and
# run(args). `--help` lists them in this order, then any others alphabetically.
ORDER = ("status", "diagnose", "check", "report", "remind", "calendar", "forget", "pin", "sign_test", "verify")


def command_names() -> list[str]:
    import pkgutil

    import certhelper.cli.commands as package

    found = {m.name for m in pkgutil.iter_modules(package.__path__) if m.name != "common"}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def _language_of(argv: Sequence[str]) -> str:
    from certhelper.language import user_language

    explicit = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), None)
    explicit = explicit or next((a.split("=", 1)[1] for a in argv if a.startswith("--lang=")), None)
    return user_language(explicit)


def _translate_help(parser: argparse.ArgumentParser, lang: str) -> None:
    """Help texts in the reader's language, through the gettext catalogues (ids are the English texts).

    argparse looks its own words up through its module's `_` and `ngettext` (bound to gettext's global
    domain): they are pointed at our `argparse` catalogue, plurals included, and back for English.
    """
    from certhelper.messages import ARGPARSE_DOMAIN, translation

    words = translation(lang, ARGPARSE_DOMAIN)
    argparse._ = words.gettext  # type: ignore[attr-defined]
    argparse.ngettext = words.ngettext  # type: ignore[attr-defined]
    if lang == "en":
        return
    ours = translation(lang)

    def tr(text: str) -> str:  # our help texts, else argparse's words built in before (group titles)
        found = ours.gettext(text)
        return found if found != text else words.gettext(text)

    def walk(p: argparse.ArgumentParser) -> None:
        p.description = tr(p.description) if p.description else p.description
        for group in p._action_groups:
            group.title = tr(group.title) if group.title else group.title
        for action in p._actions:
            if action.help and action.help != argparse.SUPPRESS:
                action.help = tr(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    choice.help = tr(choice.help) if choice.help else choice.help
                for sub in action.choices.values():
                    walk(sub)

    walk(parser)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, only the command it names is imported (start-up stays quick)."""
    parser = Parser(
        prog="certhelper",
        description="See the certificates on your USB token, and what to do about them.",
    )
    parser.add_argument("--version", action="version", version=f"certhelper {__version__}")
    parser.add_argument("--tray", action="store_true", help="run in the notification area only")
    parser.add_argument("--verbose", "-v", action="store_true", help="log details on stderr")
    add_module_options(parser, sub=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = command_names()
    chosen = next((a for a in (argv or ()) if a in names), None)
    for name in [chosen] if chosen else names:
        module = importlib.import_module(f"certhelper.cli.commands.{name}")
        module.register(subparsers)
    return parser


def run_command(args: argparse.Namespace) -> int:
    module = importlib.import_module(f"certhelper.cli.commands.{args.command}")
    return int(module.run(args))


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line in the reader's language, and set up logging (--verbose)."""
    parser = build_parser(argv)
    _translate_help(parser, _language_of(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="certhelper: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    return args


def guarded(action: Callable[[], int]) -> int:
    """The one place an error becomes a line and an exit code, never a traceback."""
    from certhelper.core.errors import CerthelperError

    try:
        return action()
    except CerthelperError as exc:
        print(f"certhelper: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the one place an unexpected error becomes a line, not a traceback
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        print(f"certhelper: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """`certhelper COMMAND …` (the launcher sends the no-command case to the window)."""
    args = parse(list(sys.argv[1:] if argv is None else argv))
    return guarded(lambda: run_command(args))
