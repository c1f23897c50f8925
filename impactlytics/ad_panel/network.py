"""The dual network: revenue = beta(X)'slopes + g(X) + one embedding per fixed effect level.

beta-net 128 -> 64 -> 32 -> n_slopes and g-net 64 -> 32 -> 1 (batch norm, ReLU, optional
dropout) over the standardized features, each beside a linear layer; one scalar embedding per
level of every fixed effect. Warm start from the linear FE stage: the linear layers hold its
slope coefficients, the embeddings its fixed effects, and the last layer of each net starts at
zero, so training starts from the linear estimator's fit and only learns what it missed.

Training reads the panel from DuckDB as Arrow record batches (one pass holds one record batch
in Python), in an order shuffled once with ``random_state``; an *epoch* is ``epoch_rows`` rows
of it (the whole training set when smaller). Users (the first fixed effect's levels) hashed into
the hold-out share are never trained on; their rows' MSE after each epoch drives early stopping
(the best weights are kept; the learning rate halves when it does not improve). Deterministic
given ``random_state`` on a fixed thread count.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import torch
from torch import nn

from impactlytics.ad_panel.panel import PanelTable
from impactlytics.threads import fit_thread_count, with_fit_threads

logger = logging.getLogger(__name__)

BETA_HIDDEN = (128, 64, 32)
G_HIDDEN = (64, 32)
_RECORD_BATCH_ROWS = 131_072


def _mlp(n_inputs: int, hidden: tuple[int, ...], n_outputs: int, dropout: float) -> nn.Sequential:
    layers: list[nn.Module] = []
    width = n_inputs
    for size in hidden:
        layers += [nn.Linear(width, size), nn.BatchNorm1d(size), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = size
    last = nn.Linear(width, n_outputs)
    nn.init.zeros_(last.weight)
    nn.init.zeros_(last.bias)
    return nn.Sequential(*layers, last)


class DualNetwork(nn.Module):
    """beta(X) and g(X) nets with fixed-effect embeddings; inputs are standardized features
    (n, J), slopes (n, S) and integer codes (n, K)."""

    def __init__(self, n_features: int, n_slopes: int, level_counts: tuple[int, ...], dropout=0.0):
        super().__init__()
        self.beta_linear = nn.Linear(n_features, n_slopes)
        self.beta_net = _mlp(n_features, BETA_HIDDEN, n_slopes, dropout)
        self.g_linear = nn.Linear(n_features, 1, bias=False)
        self.g_net = _mlp(n_features, G_HIDDEN, 1, dropout)
        self.embeddings = nn.ModuleList(nn.Embedding(n, 1) for n in level_counts)

    def slopes(self, x: torch.Tensor) -> torch.Tensor:
        return self.beta_linear(x) + self.beta_net(x)

    def baseline(self, x: torch.Tensor) -> torch.Tensor:
        return (self.g_linear(x) + self.g_net(x)).squeeze(1)

    def forward(self, x: torch.Tensor, d: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
        fixed = sum(
            embedding(codes[:, k]).squeeze(1) for k, embedding in enumerate(self.embeddings)
        )
        return (self.slopes(x) * d).sum(1) + self.baseline(x) + fixed


@dataclass(frozen=True)
class WarmStart:
    """The linear stage in network units: slope intercepts (S,), slope coefficients on the raw
    features (S, J), coefficients of the within-varying features (J,) and each fixed effect's
    estimates by code."""

    intercepts: np.ndarray
    slope_coefficients: np.ndarray
    feature_coefficients: np.ndarray
    fixed_effects: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class TrainedNetwork:
    network: DualNetwork
    feature_mean: np.ndarray
    feature_scale: np.ndarray
    epochs: float
    validation_rmse: float


def _initialise(network: DualNetwork, warm: WarmStart, mean: np.ndarray, scale: np.ndarray):
    with torch.no_grad():
        weights = warm.slope_coefficients * scale
        network.beta_linear.weight.copy_(torch.as_tensor(weights, dtype=torch.float32))
        bias = warm.intercepts + warm.slope_coefficients @ mean
        network.beta_linear.bias.copy_(torch.as_tensor(bias, dtype=torch.float32))
        g_weights = (warm.feature_coefficients * scale)[None, :]
        network.g_linear.weight.copy_(torch.as_tensor(g_weights, dtype=torch.float32))
        shift = float(warm.feature_coefficients @ mean)
        for k, (embedding, values) in enumerate(
            zip(network.embeddings, warm.fixed_effects, strict=True)
        ):
            start = values + (shift if k == 0 else 0.0)
            embedding.weight.copy_(torch.as_tensor(start[:, None], dtype=torch.float32))


def _columns(panel: PanelTable) -> tuple[list[str], list[str], list[str]]:
    spec = panel.spec
    return (
        [f"x_{j}" for j in range(len(spec.features))],
        [f"d_{s}" for s in range(len(spec.slopes))],
        [f"fe_{k}" for k in range(panel.n_fixed_effects)],
    )


def _tensors(batch: pa.RecordBatch, panel: PanelTable, mean, scale):
    features, slopes, codes = _columns(panel)
    data = {name: batch.column(name) for name in batch.schema.names}

    def matrix(names, dtype):
        return np.column_stack(
            [data[name].to_numpy(zero_copy_only=False) for name in names]
        ).astype(dtype)

    x = torch.as_tensor((matrix(features, np.float64) - mean) / scale, dtype=torch.float32)
    d = torch.as_tensor(matrix(slopes, np.float32))
    c = torch.as_tensor(matrix(codes, np.int64))
    y = torch.as_tensor(np.array(data["y"], dtype=np.float32))
    return x, d, c, y


def _batches(connection: duckdb.DuckDBPyConnection, sql: str) -> Iterator[pa.RecordBatch]:
    reader = connection.sql(sql).to_arrow_reader(_RECORD_BATCH_ROWS)
    yield from reader


def _validation_mse(connection, panel, network, mean, scale, holdout: str) -> float:
    network.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in _batches(connection, f"select * from {holdout}"):
            x, d, c, y = _tensors(batch, panel, mean, scale)
            total += float(((network(x, d, c) - y) ** 2).sum())
            count += len(y)
    return total / max(count, 1)


@with_fit_threads
def train_network(
    connection: duckdb.DuckDBPyConnection,
    panel: PanelTable,
    warm: WarmStart,
    random_state: int,
    learning_rate: float = 1e-3,
) -> TrainedNetwork:
    """Train the dual network on the panel's non-held-out rows (see module docstring)."""
    spec = panel.spec
    features, slopes, codes = _columns(panel)
    selected = ", ".join(features + slopes + codes + ["y"])
    stats = connection.execute(
        "select "
        + ", ".join(f"avg({f}), coalesce(stddev_pop({f}), 0)" for f in features)
        + f" from {panel.table}"
    ).fetchall()[0]
    mean = np.array(stats[0::2], dtype=float)
    scale = np.maximum(np.array(stats[1::2], dtype=float), 1e-12)
    train, holdout = f"{panel.table}__train", f"{panel.table}__holdout"
    connection.execute(
        f"create or replace temp table {train} as select row_number() over"
        f" (order by hash(row_index + {int(random_state)})) - 1 as train_order, {selected}"
        f" from {panel.table} where not is_holdout order by train_order"
    )
    connection.execute(
        f"create or replace temp table {holdout} as select {selected} from {panel.table}"
        " where is_holdout order by row_index"
    )
    n_train = int(connection.execute(f"select count(*) from {train}").fetchall()[0][0])
    epoch_rows = min(spec.epoch_rows, n_train)
    batch_size = batch_size_for(n_train, spec.batch_size)
    threads = torch.get_num_threads()
    torch.set_num_threads(fit_thread_count())
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(random_state)
            network = DualNetwork(len(features), len(slopes), panel.level_counts)
            _initialise(network, warm, mean, scale)
            embedding_ids = {id(p) for p in network.embeddings.parameters()}
            optimizer = torch.optim.Adam(
                [
                    {"params": [p for p in network.parameters() if id(p) not in embedding_ids]},
                    {"params": list(network.embeddings.parameters()), "lr": 3 * learning_rate},
                ],
                lr=learning_rate,
            )
            best = _validation_mse(connection, panel, network, mean, scale, holdout)
            logger.info("ad panel %s: warm-start hold-out RMSE %.4f", spec.name, best**0.5)
            best_state, epochs_run, stale, offset = copy.deepcopy(network.state_dict()), 0, 0, 0
            for epoch in range(spec.max_epochs):
                network.train()
                for start, stop in _epoch_ranges(offset, epoch_rows, n_train):
                    sql = (
                        f"select * exclude (train_order) from {train}"
                        f" where train_order >= {start} and train_order < {stop}"
                        " order by train_order"
                    )
                    for batch in _batches(connection, sql):
                        _train_on(
                            network, optimizer, _tensors(batch, panel, mean, scale), batch_size
                        )
                offset = (offset + epoch_rows) % n_train
                epochs_run = epoch + 1
                mse = _validation_mse(connection, panel, network, mean, scale, holdout)
                logger.info(
                    "ad panel %s: epoch %d, hold-out RMSE %.4f", spec.name, epochs_run, mse**0.5
                )
                if mse < best * (1 - 1e-5):
                    best, best_state, stale = mse, copy.deepcopy(network.state_dict()), 0
                else:
                    stale += 1
                    for group in optimizer.param_groups:
                        group["lr"] *= 0.5
                    if stale >= spec.patience:
                        break
    finally:
        torch.set_num_threads(threads)
    network.load_state_dict(best_state)
    network.eval()
    for name in (train, holdout):
        connection.execute(f"drop table if exists {name}")
    return TrainedNetwork(network, mean, scale, epochs_run * epoch_rows / n_train, best**0.5)


def _epoch_ranges(offset: int, n: int, total: int) -> list[tuple[int, int]]:
    """Row ranges [start, stop) of one epoch of ``n`` rows from ``offset``, wrapping around."""
    stop = offset + n
    if stop <= total:
        return [(offset, stop)]
    return [(offset, total), (0, stop - total)]


def batch_size_for(n_train: int, declared: int | None) -> int:
    """The declared batch size, else n_train / 200 within [256, 8192] (about 200 steps an epoch)."""
    return declared or int(np.clip(n_train // 200, 256, 8192))


def _train_on(network, optimizer, tensors, batch_size: int) -> None:
    x, d, c, y = tensors
    order = torch.randperm(len(y))
    for start in range(0, len(y) - 1, batch_size):
        batch = order[start : start + batch_size]
        if len(batch) < 2:
            continue
        loss = ((network(x[batch], d[batch], c[batch]) - y[batch]) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


@with_fit_threads
def predict_into(
    connection: duckdb.DuckDBPyConnection, panel: PanelTable, trained: TrainedNetwork, table: str
) -> None:
    """Write ``row_index``, ``beta_<s>`` and ``g_hat`` of every row of the panel into ``table``
    (read in record batches; the predictions, three numbers a row, are inserted at the end
    because a connection cannot write while it streams a result)."""
    features, slopes, codes = _columns(panel)
    n_slopes = len(slopes)
    columns = ", ".join([f"beta_{s} double" for s in range(n_slopes)] + ["g_hat double"])
    connection.execute(f"create or replace temp table {table} (row_index bigint, {columns})")
    sql = f"select row_index, {', '.join(features + slopes + codes)}, y from {panel.table}"
    parts = []
    with torch.no_grad():
        for batch in _batches(connection, sql):
            x, _, _, _ = _tensors(batch, panel, trained.feature_mean, trained.feature_scale)
            beta = trained.network.slopes(x).double().numpy()
            arrays = {"row_index": batch.column("row_index")}
            arrays.update({f"beta_{s}": pa.array(beta[:, s]) for s in range(n_slopes)})
            arrays["g_hat"] = pa.array(trained.network.baseline(x).double().numpy())
            parts.append(pa.table(arrays))
    if parts:
        connection.register("ad_panel_predictions", pa.concat_tables(parts))
        connection.execute(f"insert into {table} select * from ad_panel_predictions")
        connection.unregister("ad_panel_predictions")
