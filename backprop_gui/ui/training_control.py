"""Step, Play/Pause, Reset and Randomize: training the document's graph in the window.

Training is a mode of the document's evaluation (``Evaluation.start_training``): its
session keeps the parameters while it trains. Play drives it from a QTimer, never
blocking the event loop: each tick makes as many updates as fit in a small time
budget, and no more than ``rate`` updates a second (None: as fast as it goes) so that
small nets train slowly enough to watch. The cards are redrawn as often as making
their frame leaves the window most of its time (``DRAW_SHARE``), and every
``WRITE_INTERVAL`` seconds the trained values are written into the graph by a
:class:`SetParametersCommand` that merges with the run's earlier ones: a whole run
(Play to Pause, or one Step) is one undo step, and an edit made while playing loses
at most one interval of training. Any edit that changes what is computed ends the
session (the evaluation decides), and Play stops.

``trained`` tells the plots of each tick's updates and of the loss over all rows
after each epoch; ``historyCleared`` that a new history begins (Reset, Randomize,
other data or another graph).
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ..core import GraphError, Trainer
from .document import GraphDocument
from .training_commands import SetParametersCommand

UPDATE_BUDGET = 0.015  # seconds of updates per tick while playing
DRAW_SHARE = 0.2  # of the time while playing, at most, goes to making the cards' frames
MIN_DRAW_INTERVAL = 0.05  # seconds between redraws of the cards, at least
RUN_COMMAND_ID = 7  # QUndoCommand.id of a run's commands, which merge (-1: never merges)
RATES = (10, 100, None)  # the speeds offered, in updates per second (None: no limit)
WRITE_INTERVAL = 1.0  # seconds between write-backs of the run's values while playing
TICK_MS = 5  # between ticks the window handles its events and paints


class TrainingControl(QObject):
    trained = Signal(list, list)  # [Update, ...], [(epoch, loss over all rows), ...]
    historyCleared = Signal()
    playingChanged = Signal(bool)
    stateChanged = Signal()  # what Reset and the status can say changed

    def __init__(self, document: GraphDocument, say, parent=None):
        super().__init__(parent)
        self.document = document
        self.say = say
        self.origin: dict[str, float] | None = None  # the parameters where training began
        self.playing = False
        self._session = None
        self._run = None  # the token of the run being written back (merges its commands)
        self._stop_epoch = 0
        self._last_draw = self._last_write = 0.0
        self._draw_interval = MIN_DRAW_INTERVAL
        self.rate: int | None = RATES[1]
        self._allowed = 0.0  # updates the rate allows now
        self._last_tick = 0.0
        self._frame_ready = False  # a frame was made on the last tick, to draw on this one
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        document.trainingChanged.connect(self._options_changed)
        document.dataChanged.connect(self._start_over)
        document.graphReplaced.connect(self._start_over)
        document.structureChanged.connect(self._structure_changed)
        document.resultsChanged.connect(self._results_changed)

    # ----------------------------------------------------------------- commands

    @property
    def session(self):
        """The evaluation's training session, if it is still the one started here."""
        training = self.document.evaluation.training
        return training if training is self._session else None

    def step(self) -> None:
        """One update, one undo step."""
        self.pause()
        if self._ensure_session() is None:
            return
        updates, losses = [], []
        with self.document.batch():
            update = self.document.evaluation.train_step()
            self._run = object()
            if self._check(update):
                self._trained_one(update, updates, losses)
                self._write_back("Training step")
        self._report(updates or [update], losses)

    def play(self) -> None:
        if self.playing or self._ensure_session() is None:
            return
        trainer = self.session.trainer
        epochs = trainer.options.epochs
        if epochs == 0:
            self.say("Epochs is 0: set how many epochs to train.")
            return
        self._stop_epoch = (trainer.epoch // epochs + 1) * epochs
        self._run = object()
        self._last_draw, self._last_write = 0.0, time.perf_counter()
        self._allowed, self._last_tick = 1.0, time.perf_counter()
        self._set_playing(True)
        self.timer.start()

    def pause(self) -> None:
        """Stop playing; the run's last values are written back."""
        if not self.playing:
            return
        self._halt()
        if self.session is not None:
            self._write_back()
            self.document.resultsChanged.emit()  # the cards show the run's last update

    def _halt(self) -> None:
        """Stop playing, writing nothing (the graph is no longer the one trained)."""
        if self.playing:
            self.timer.stop()
            self._set_playing(False)

    def toggle(self, on: bool) -> None:
        self.play() if on else self.pause()

    def reset(self) -> None:
        """The parameters back to where training began, with a fresh optimizer."""
        self.pause()
        if self.origin is None:
            return
        origin = self.origin
        self._end_session()
        self.document.push(SetParametersCommand(self.document, origin, "Reset parameters"))
        self.historyCleared.emit()
        self.stateChanged.emit()

    def randomize(self, seed: int) -> None:
        """Parameters drawn uniformly from [−1, 1) with ``seed`` (as Trainer.randomize)."""
        self.pause()
        try:
            trainer = Trainer(self.document.graph)
        except GraphError as error:
            self.say(f"Cannot randomize: {error}.")
            return
        trainer.randomize(seed)
        self._end_session()
        self.origin = None
        self.document.push(
            SetParametersCommand(
                self.document, trainer.values, f"Randomize parameters (seed {seed})"
            )
        )
        self.historyCleared.emit()
        self.stateChanged.emit()

    # ------------------------------------------------------------------ playing

    def _tick(self) -> None:
        """One of: a few updates; the last update's frame made for the cards; the
        cards drawn; the run's values written back. Each costs under a frame alone,
        so they take turns rather than add up."""
        session = self.session
        if session is None:
            self._stopped("Training stopped: the graph changed.")
            return
        start = time.perf_counter()
        if self._frame_ready:
            self._frame_ready = False
            self.document.resultsChanged.emit()  # the session's frame is the new one
            return
        if start - self._last_write >= WRITE_INTERVAL:
            self._write_back()
            self._last_write = time.perf_counter()
            return
        if start - self._last_draw >= self._draw_interval and session.last is not None:
            session.frame()  # the last update's, made now and drawn on the next tick
            self._frame_ready = True
            self._last_draw = time.perf_counter()
            cost = self._last_draw - start
            self._draw_interval = max(MIN_DRAW_INTERVAL, cost / DRAW_SHARE)
            return
        if self._rate_allows(start):
            self._train_some(session, start)

    def _train_some(self, session, start: float) -> None:
        """Updates until the tick's time budget, the speed's allowance or the epochs
        asked for are used up, or training diverges."""
        updates, losses = [], []
        while True:
            update = session.step()
            if not self._check(update):
                updates.append(update)
                break
            self._trained_one(update, updates, losses)
            if session.trainer.epoch >= self._stop_epoch:
                self._stopped(f"Trained to epoch {session.trainer.epoch}.")
                break
            self._allowed -= 1
            if time.perf_counter() - start >= UPDATE_BUDGET or self._allowed < 1:
                break
        self._report(updates, losses)

    def _rate_allows(self, now: float) -> bool:
        """Whether the speed chosen allows an update now (it allows ``rate`` a second)."""
        if self.rate is None:
            self._allowed = math.inf
            return True
        elapsed, self._last_tick = now - self._last_tick, now
        self._allowed = min(self._allowed + elapsed * self.rate, max(self.rate / 10, 1.0))
        return self._allowed >= 1

    def _check(self, update) -> bool:
        """False (and training stopped, the last finite values kept) if it diverged."""
        values = [update.loss, *update.after.values()]
        if all(math.isfinite(v) for v in values):
            return True
        self._end_session()  # its values are not finite: nothing of them is written back
        self._stopped(
            f"Training diverged at update {update.number}: the loss is {update.loss}; "
            "try a smaller learning rate."
        )
        self._write_values(update.before, "Training (until it diverged)")
        return False

    def _stopped(self, message: str) -> None:
        if self.playing:
            self.pause()
        self.say(message)

    def _set_playing(self, on: bool) -> None:
        self.playing = on
        self.playingChanged.emit(on)

    def _trained_one(self, update, updates: list, losses: list) -> None:
        """Note ``update``, with the loss over all rows if it ended an epoch (one
        forward pass, a fraction of an update)."""
        updates.append(update)
        if update.ends_epoch and self.session is not None:
            with np.errstate(all="ignore"):  # a diverging loss is reported, not warned of
                losses.append((update.epoch, self.session.trainer.loss()))

    def _report(self, updates: list, losses: list) -> None:
        self.trained.emit(updates, losses)
        self.stateChanged.emit()

    # --------------------------------------------------------------- the session

    def _ensure_session(self):
        """The session, started on the graph's options if there is none."""
        if self.session is not None:
            return self.session
        try:
            self._session = self.document.evaluation.start_training(self.document.graph.training)
        except GraphError as error:
            self.say(f"Cannot train: {error}.")
            self._session = None
            return None
        if self.origin is None:
            self.origin = self._session.trainer.start_values
        return self._session

    def _end_session(self) -> None:
        self._session = None
        self.document.evaluation.stop_training()

    def _write_back(self, text: str = "Training") -> None:
        """The session's values into the graph, merged into the run's one undo step."""
        trainer = self.session.trainer
        self._write_values(trainer.values, f"{text} ({_updates(trainer.updates)})")

    def _write_values(self, values: dict, text: str) -> None:
        graph = self.document.graph
        if all(graph.node(n).value == v for n, v in values.items()):
            return
        self.document.push(RunCommand(self.document, values, text, self._run))

    # ------------------------------------------------------------ the document

    def _options_changed(self) -> None:
        """New options take effect from the next update: a new session then."""
        if self._session is not None and not self.playing:
            self._end_session()

    def _start_over(self) -> None:
        """Other data or another graph (perhaps by an undo, which must push nothing)."""
        self._halt()
        self._session = None
        self.origin = None
        self.historyCleared.emit()
        self.stateChanged.emit()

    def _structure_changed(self) -> None:
        if self.session is None:
            self.origin = None
            self.stateChanged.emit()

    def _results_changed(self) -> None:
        if self._session is not None and self.document.evaluation.training is None:
            self._session = None
            if self.playing:
                self._stopped("Training stopped: the graph changed.")
            self.stateChanged.emit()


class RunCommand(SetParametersCommand):
    """The parameters a training run reached; a run's commands merge into one."""

    def __init__(self, document, values: dict, text: str, run: object):
        super().__init__(document, values, text)
        self.run = run

    def id(self) -> int:
        return RUN_COMMAND_ID

    def mergeWith(self, other) -> bool:
        if not isinstance(other, RunCommand) or other.run is not self.run:
            return False
        self.new = other.new
        self.setText(other.text())
        return True


def _updates(count: int) -> str:
    return f"{count} update{'s' * (count != 1)}"
