"""The ``mealplan`` command line: the group, its one-line errors, and its commands.

Only the cli modules talk to the terminal.  Each command is a few lines in a ``cli_*`` module
(plan; browsing; saved plans; imports; swap and rate) that call the library; what they share
(errors, output, options) is in cli_common.  Library errors become one-line messages: bad input
exits with status 2, a plan that cannot be made with status 1.  Heavy modules (the solver
layer) are imported inside the commands so ``mealplan --help`` stays instant.
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .cli_browse import check, foods, recipes_command, show_targets
from .cli_import import import_recipes_command, import_usda_command
from .cli_plan import plan
from .cli_saved import report, shopping_list, show
from .cli_swap import rate, swap
from .console import echo, flush_stdout


# click 8.2+ raises this for a bare group invocation; older versions print help themselves.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class OneLineErrors(click.Group):
    """A click group whose usage errors are one line, like every other mealplan error.

    click normally prints the usage synopsis and a hint before a bad option's message; a
    person who typed ``--days 0`` only needs the message itself.
    """

    def main(self, args=None, prog_name=None, complete_var=None,  # noqa: ANN001, ANN201
             standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
            flush_stdout()
        except click.UsageError as error:
            if isinstance(error, _NO_ARGS_IS_HELP):
                click.echo(error.format_message())  # bare 'mealplan' shows the help
            else:
                echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            # A message quotes what it was given (an option value, a name from a file): echo
            # escapes any control character in it.
            echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealplan")
def cli() -> None:
    """Plan a varied week of meals that covers your daily magnesium, vitamin B12, vitamin D,
    potassium, calcium and thiamine, and print the shopping list.

    Informational only, not medical advice: talk to a healthcare professional.
    """


for _command in (plan, report, show, shopping_list, foods, recipes_command, check,
                 show_targets, import_usda_command, import_recipes_command, rate, swap):
    cli.add_command(_command)


def main() -> None:  # pragma: no cover - console script entry point
    cli(prog_name="mealplan")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
