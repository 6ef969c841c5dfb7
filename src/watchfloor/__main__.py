from watchfloor.cli import main

main(prog_name="watchfloor")
