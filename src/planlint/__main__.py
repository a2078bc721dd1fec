"""`python -m planlint`: the same as the `planlint` command."""

from planlint.cli.main import entry

if __name__ == "__main__":
    entry()
