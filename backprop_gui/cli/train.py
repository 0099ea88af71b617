"""``backprop-gui train FILE``: train the graph's parameters headless, the loss as JSON lines.

Prints ``{"epoch": 0, "loss": L}`` before training, one such line after each epoch (the
mean output over all rows), then ``{"params": {id: value}, "loss": L}``. Flags override
the file's training options; ``-o`` writes the trained graph (its data and its file's
training options kept). A loss that becomes NaN or infinite stops the run: that
epoch's line, one ``error:`` line, exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..core import Trainer, TrainingDiverged, load, save
from ..core.dataset import read_csv
from ..core.quoting import shown
from ..core.textfile import read_text
from ..core.training_options import OPTIMIZERS
from .common import UsageError, json_number

NAME = "train"
HELP = "train a graph's parameters on its data, printing the loss per epoch as JSON lines"
_OPTIONS = ("epochs", "lr", "optimizer", "momentum", "batch_size", "seed", "shuffle")


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file whose output is the per-sample loss")
    parser.add_argument("--epochs", type=int, metavar="N", help="passes over the data (100)")
    parser.add_argument("--lr", type=float, metavar="X", help="the learning rate (0.1)")
    parser.add_argument("--optimizer", choices=OPTIMIZERS, help="the update rule (sgd)")
    parser.add_argument("--momentum", type=float, metavar="M", help="for momentum (0.9)")
    parser.add_argument("--batch-size", type=int, metavar="B", help="rows per update (all)")
    parser.add_argument("--seed", type=int, metavar="S", help="of the shuffling (0)")
    parser.add_argument(
        "--shuffle", action=argparse.BooleanOptionalAction,
        help="a new row order each epoch (default: on)",
    )  # fmt: skip
    parser.add_argument("--data", metavar="CSV", help="data columns: a header row, then numbers")
    parser.add_argument("-o", "--out", metavar="OUT", help="where to write the trained graph")


def run(args) -> int:
    graph = load(args.file)
    if args.data is not None:
        graph.set_data(read_csv(read_text(args.data, UsageError), shown(args.data)))
    flags = {name: getattr(args, name) for name in _OPTIONS}
    trainer = Trainer(graph, graph.training.updated(flags, _flag))
    try:
        for epoch, loss in trainer.run():
            _print({"epoch": epoch, "loss": json_number(loss)})
    except TrainingDiverged as diverged:
        print(f"error: {diverged} (--lr)", file=sys.stderr)
        return 1
    params = {node_id: json_number(value) for node_id, value in trainer.values.items()}
    _print({"params": params, "loss": json_number(loss)})
    if args.out is not None:
        trainer.write_parameters(graph)
        save(graph, args.out)
    return 0


def _flag(option: str) -> str:
    """The command-line flag of a training option: batch_size -> --batch-size."""
    return "--" + option.replace("_", "-")


def _print(line: dict) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)
