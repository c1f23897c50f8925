"""TARNet (Shalit, Johansson & Sontag 2017): a shared representation and one outcome head per
arm, trained in torch on CPU, deterministic given ``random_state``."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from impactlytics.causal.cate.base import CateLearner, EffectFunction
from impactlytics.causal.cate.nuisance import CateData
from impactlytics.threads import fit_thread_count


class _TarNet(nn.Module):
    def __init__(self, n_features: int, width: int) -> None:
        super().__init__()
        self.representation = nn.Sequential(
            nn.Linear(n_features, width), nn.ELU(), nn.Linear(width, width), nn.ELU()
        )
        self.heads = nn.ModuleList(
            nn.Sequential(nn.Linear(width, width // 2), nn.ELU(), nn.Linear(width // 2, 1))
            for _ in range(2)
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        phi = self.representation(x)
        return self.heads[0](phi).squeeze(-1), self.heads[1](phi).squeeze(-1)


class TARNetLearner(CateLearner):
    """Factual squared loss on standardised X and Y, Adam with weight decay, a fixed budget of
    ``min(max_steps, max_epochs * batches per epoch)`` steps; tau(x) = head1 - head0."""

    name = "tarnet"

    def __init__(
        self,
        n_folds: int = 5,
        random_state: int = 0,
        estimand: str = "ATE",
        width: int = 64,
        batch_size: int = 256,
        max_epochs: int = 30,
        max_steps: int = 600,
        learning_rate: float = 1e-3,
        weight_decay: float = 1e-4,
    ) -> None:
        super().__init__(n_folds=n_folds, random_state=random_state, estimand=estimand)
        self.width = width
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.max_steps = max_steps
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay

    def _fit_stage(self, data: CateData) -> EffectFunction:
        x_mean, x_scale = data.X.mean(axis=0), data.X.std(axis=0) + 1e-8
        y_mean, y_scale = data.y.mean(), data.y.std() + 1e-8
        x = torch.as_tensor((data.X - x_mean) / x_scale, dtype=torch.float32)
        y = torch.as_tensor((data.y - y_mean) / y_scale, dtype=torch.float32)
        t = torch.as_tensor(data.t, dtype=torch.bool)
        n = len(y)
        batches_per_epoch = max(1, n // self.batch_size)
        n_steps = min(self.max_steps, self.max_epochs * batches_per_epoch)
        threads = torch.get_num_threads()
        torch.set_num_threads(fit_thread_count())
        try:
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(self.random_state)
                net = _TarNet(x.shape[1], self.width)
                optimizer = torch.optim.Adam(
                    net.parameters(), lr=self.learning_rate, weight_decay=self.weight_decay
                )
                for step in range(n_steps):
                    if step % batches_per_epoch == 0:
                        order = torch.randperm(n)
                    start = (step % batches_per_epoch) * self.batch_size
                    batch = order[start : start + self.batch_size]
                    head0, head1 = net(x[batch])
                    loss = ((torch.where(t[batch], head1, head0) - y[batch]) ** 2).mean()
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
        finally:
            torch.set_num_threads(threads)
        net.eval()

        def effect(new_x: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                z = torch.as_tensor((new_x - x_mean) / x_scale, dtype=torch.float32)
                head0, head1 = net(z)
            return (head1 - head0).double().numpy() * y_scale

        return effect
