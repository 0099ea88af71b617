"""Training equals torch.optim number for number: the same batches, the same mean
gradients, the same parameters after every update (skipped without torch)."""

from __future__ import annotations

import pytest
from training_helpers import neuron_graph

from backprop_gui.core.training import Trainer
from backprop_gui.core.training_options import TrainingOptions

torch = pytest.importorskip("torch")

TORCH_OPTIMIZERS = {
    "sgd": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
    "adam": lambda params, lr: torch.optim.Adam(params, lr=lr),
}


@pytest.mark.parametrize("optimizer", sorted(TORCH_OPTIMIZERS))
def test_every_update_equals_torch_optim(optimizer):
    graph = neuron_graph(rows=11)
    trainer = Trainer(graph, TrainingOptions(optimizer=optimizer, lr=0.05, batch_size=4, seed=2))
    leaves = {
        p: torch.tensor(graph.node(p).value, dtype=torch.float64, requires_grad=True)
        for p in trainer.parameters
    }
    torch_optimizer = TORCH_OPTIMIZERS[optimizer](list(leaves.values()), 0.05)
    x = torch.tensor(graph.data.columns["x"], dtype=torch.float64)
    y = torch.tensor(graph.data.columns["y"], dtype=torch.float64)
    for _ in range(4 * trainer.updates_per_epoch):
        update = trainer.step()
        rows = torch.tensor(update.rows)
        torch_optimizer.zero_grad()
        out = leaves["v"] * torch.tanh(leaves["w"] * x[rows] + leaves["b"])
        loss = torch.nn.functional.mse_loss(out, y[rows], reduction="none").mean()
        loss.backward()
        torch_optimizer.step()
        assert update.loss == pytest.approx(loss.item(), rel=1e-13)
        for name, leaf in leaves.items():
            assert update.gradients[name] == pytest.approx(leaf.grad.item(), rel=1e-12)
            assert update.after[name] == pytest.approx(leaf.item(), rel=1e-12, abs=1e-15)
