"""The dual network: revenue = beta(X)'slopes + g(X) + one embedding per fixed effect level.

beta-net 128 -> 64 -> 32 -> n_slopes and g-net 64 -> 32 -> 1 (batch norm, ReLU, optional
dropout) over the standardized features, each beside a linear layer; one scalar embedding per
level of every fixed effect. Warm start from the linear FE stage: the linear layers hold its
slope coefficients, the embeddings its fixed effects, and the last layer of each net starts at
zero, so training starts from the linear estimator's fit and only learns what it missed.

Training reads the rows it may use (a SQL predicate: the cross-fitting folds it trains on)
from DuckDB as Arrow record batches (one pass holds one record batch in Python), in an order
shuffled once with ``random_state``; an *epoch* is ``epoch_rows`` rows of it (the whole
training set when smaller). Users (the first fixed effect's levels) hashed into the hold-out
share are never trained on; the within-user MSE of those among its rows after each epoch drives
early stopping (the best weights are kept; the learning rate halves when it does not improve).
Deterministic given ``random_state`` on a fixed thread count.
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

    def slopes(self, x: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
        return self.beta_linear(x) + self.beta_net(u)

    def baseline(self, x: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
        return (self.g_linear(x) + self.g_net(u)).squeeze(1)

    def fixed(self, codes: torch.Tensor, skip: int | None = None) -> torch.Tensor:
        """Sum of the fixed-effect embeddings of each row (leaving out dimension ``skip``)."""
        return sum(
            embedding(codes[:, k]).squeeze(1)
            for k, embedding in enumerate(self.embeddings)
            if k != skip
        )

    def forward(self, x, u, d, codes, skip: int | None = None) -> torch.Tensor:
        return (self.slopes(x, u) * d).sum(1) + self.baseline(x, u) + self.fixed(codes, skip)


@dataclass(frozen=True)
class WarmStart:
    """The linear stage in network units: slope intercepts (S,), slope coefficients on the raw
    features (S, J), coefficients of the within-varying features (J,) and each fixed effect's
    estimates by code."""

    intercepts: np.ndarray
    slope_coefficients: np.ndarray
    feature_coefficients: np.ndarray
    fixed_effects: tuple[np.ndarray, ...]


_QUANTILES = 256


@dataclass(frozen=True)
class FeatureMap:
    """How raw features enter the network: standardized (``mean``, ``scale``) for the linear
    layers, and through their empirical distribution function (piecewise linear between
    ``_QUANTILES`` quantiles ``knots[j]`` at probabilities ``levels[j]``, rescaled to unit
    variance) for the two MLPs, so a skewed feature (a size, a count) reaches them evenly spread
    rather than crowded at one end; the function class is the same, only easier to learn."""

    mean: np.ndarray
    scale: np.ndarray
    knots: tuple[np.ndarray, ...]
    levels: tuple[np.ndarray, ...]

    def apply(self, raw: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        x = (raw - self.mean) / self.scale
        u = np.column_stack(
            [
                (np.interp(raw[:, j], knots, levels) - 0.5) * np.sqrt(12.0)
                for j, (knots, levels) in enumerate(zip(self.knots, self.levels, strict=True))
            ]
        )
        return torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(u, dtype=torch.float32)


def feature_map(connection: duckdb.DuckDBPyConnection, table: str, features: list[str]):
    """Moments and quantiles of each feature over the rows of ``table`` (one DuckDB scan)."""
    probabilities = [i / (_QUANTILES - 1) for i in range(_QUANTILES)]
    row = connection.execute(
        "select "
        + ", ".join(
            f"avg({f}), coalesce(stddev_pop({f}), 0), quantile_disc({f}, {probabilities})"
            for f in features
        )
        + f" from {table}"
    ).fetchall()[0]
    knots, levels = [], []
    for j in range(len(features)):
        values, first = np.unique(np.asarray(row[3 * j + 2], dtype=float), return_index=True)
        last = np.append(first[1:] - 1, _QUANTILES - 1)
        knots.append(values)
        levels.append((np.asarray(probabilities)[first] + np.asarray(probabilities)[last]) / 2)
    mean = np.array(row[0::3], dtype=float)
    scale = np.maximum(np.array(row[1::3], dtype=float), 1e-12)
    return FeatureMap(mean, scale, tuple(knots), tuple(levels))


@dataclass(frozen=True)
class TrainedNetwork:
    network: DualNetwork
    features: FeatureMap
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


def _tensors(batch: pa.RecordBatch, panel: PanelTable, features: FeatureMap):
    """(x standardized, u through the distribution function, slopes d, codes c, outcome y)."""
    names, slopes, codes = _columns(panel)
    data = {name: batch.column(name) for name in batch.schema.names}

    def matrix(columns, dtype):
        return np.column_stack(
            [data[name].to_numpy(zero_copy_only=False) for name in columns]
        ).astype(dtype)

    x, u = features.apply(matrix(names, np.float64))
    d = torch.as_tensor(matrix(slopes, np.float32))
    c = torch.as_tensor(matrix(codes, np.int64))
    y = torch.as_tensor(np.array(data["y"], dtype=np.float32))
    return x, u, d, c, y


def _batches(connection: duckdb.DuckDBPyConnection, sql: str) -> Iterator[pa.RecordBatch]:
    reader = connection.sql(sql).to_arrow_reader(_RECORD_BATCH_ROWS)
    yield from reader


VALIDATION_ROWS = 250_000


def _validation_users(panel: PanelTable, random_state: int, rows: str) -> str:
    """SQL of the held-out users (among the rows where ``rows`` holds) whose rows score the
    epochs: all of them, or, on a large panel, users in a seeded random order until about
    ``VALIDATION_ROWS`` rows (enough to rank epochs; scoring every held-out row each epoch
    would cost a tenth of the training time)."""
    order = f"hash(fe_0 + {int(random_state)}), fe_0"
    return (
        f"select fe_0 from (select fe_0, count(*) as n, sum(count(*)) over (order by {order})"
        f" as cumulative from {panel.table} where is_holdout and ({rows}) group by fe_0)"
        f" where cumulative - n < {VALIDATION_ROWS}"
    )


def _validation_mse(connection, panel, network, features: FeatureMap, holdout: str) -> float:
    """Mean squared error on the held-out users' rows within each user: their own embeddings
    were never trained, so each user's effect is profiled out (the mean residual of its rows),
    and the criterion measures the slopes, g and the other fixed effects only."""
    network.eval()
    n_users = panel.level_counts[0]
    sums = torch.zeros(n_users, dtype=torch.float64)
    squares = torch.zeros(n_users, dtype=torch.float64)
    counts = torch.zeros(n_users, dtype=torch.float64)
    with torch.no_grad():
        for batch in _batches(connection, f"select * from {holdout}"):
            x, u, d, c, y = _tensors(batch, panel, features)
            residual = (y - network(x, u, d, c, skip=0)).double()
            sums.index_add_(0, c[:, 0], residual)
            squares.index_add_(0, c[:, 0], residual**2)
            counts.index_add_(0, c[:, 0], torch.ones_like(residual))
    seen = counts > 0
    within = squares[seen] - sums[seen] ** 2 / counts[seen]
    return float(within.sum() / max(float((counts[seen] - 1).sum()), 1.0))


@with_fit_threads
def train_network(
    connection: duckdb.DuckDBPyConnection,
    panel: PanelTable,
    warm: WarmStart,
    random_state: int,
    rows: str = "true",
    learning_rate: float = 2e-3,
) -> TrainedNetwork:
    """Train the dual network on the rows where the SQL predicate ``rows`` holds, the held-out
    users among them scoring the epochs (see module docstring)."""
    spec = panel.spec
    features, slopes, codes = _columns(panel)
    selected = ", ".join(features + slopes + codes + ["y"])
    mapping = feature_map(connection, panel.table, features)
    train, holdout = f"{panel.table}__train", f"{panel.table}__holdout"
    connection.execute(
        f"create or replace temp table {train} as select row_number() over"
        f" (order by hash(row_index + {int(random_state)})) - 1 as train_order, {selected}"
        f" from {panel.table} where not is_holdout and ({rows}) order by train_order"
    )
    users = _validation_users(panel, random_state, rows)
    connection.execute(
        f"create or replace temp table {holdout} as select {selected} from {panel.table}"
        f" where is_holdout and ({rows}) and fe_0 in ({users}) order by row_index"
    )
    n_train = int(connection.execute(f"select count(*) from {train}").fetchall()[0][0])
    if n_train == 0:
        raise ValueError(
            f"ad panel '{spec.name}': no rows to train the network on (rows {rows}, not held out);"
            " lower cross_fit_folds or holdout_share"
        )
    epoch_rows = min(spec.epoch_rows, n_train)
    batch_size = batch_size_for(n_train, spec.batch_size)
    threads = torch.get_num_threads()
    torch.set_num_threads(fit_thread_count())
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(random_state)
            network = DualNetwork(len(features), len(slopes), panel.level_counts)
            _initialise(network, warm, mapping.mean, mapping.scale)
            embedding_ids = {id(p) for p in network.embeddings.parameters()}
            optimizer = torch.optim.Adam(
                [
                    {"params": [p for p in network.parameters() if id(p) not in embedding_ids]},
                    {"params": list(network.embeddings.parameters()), "lr": 3 * learning_rate},
                ],
                lr=learning_rate,
                foreach=True,
            )
            best = _validation_mse(connection, panel, network, mapping, holdout)
            logger.info("ad panel %s: warm-start hold-out RMSE %.4f", spec.name, best**0.5)
            best_state, epochs_run, stale, offset = copy.deepcopy(network.state_dict()), 0, 0, 0
            base_rates = [group["lr"] for group in optimizer.param_groups]
            stall_factor = 1.0
            for epoch in range(spec.max_epochs):
                decay = _cosine_decay(epoch, spec.max_epochs)
                for group, rate in zip(optimizer.param_groups, base_rates, strict=True):
                    group["lr"] = rate * decay * stall_factor
                network.train()
                for start, stop in _epoch_ranges(offset, epoch_rows, n_train):
                    sql = (
                        f"select * exclude (train_order) from {train}"
                        f" where train_order >= {start} and train_order < {stop}"
                        " order by train_order"
                    )
                    for batch in _batches(connection, sql):
                        _train_on(network, optimizer, _tensors(batch, panel, mapping), batch_size)
                offset = (offset + epoch_rows) % n_train
                epochs_run = epoch + 1
                mse = _validation_mse(connection, panel, network, mapping, holdout)
                logger.info(
                    "ad panel %s: epoch %d, hold-out RMSE %.4f", spec.name, epochs_run, mse**0.5
                )
                if mse < best * (1 - 1e-5):
                    best, best_state, stale = mse, copy.deepcopy(network.state_dict()), 0
                else:
                    stale += 1
                    stall_factor *= 0.5
                    if stale >= spec.patience:
                        break
    finally:
        torch.set_num_threads(threads)
    network.load_state_dict(best_state)
    network.eval()
    for name in (train, holdout):
        connection.execute(f"drop table if exists {name}")
    return TrainedNetwork(network, mapping, epochs_run * epoch_rows / n_train, best**0.5)


def _cosine_decay(epoch: int, epochs: int, floor: float = 0.05) -> float:
    """Learning-rate factor of an epoch: a cosine from 1 down to ``floor`` over the epochs."""
    return floor + (1 - floor) * 0.5 * (1 + np.cos(np.pi * epoch / max(epochs, 1)))


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
    x, u, d, c, y = tensors
    order = torch.randperm(len(y))
    for start in range(0, len(y) - 1, batch_size):
        batch = order[start : start + batch_size]
        if len(batch) < 2:
            continue
        loss = ((network(x[batch], u[batch], d[batch], c[batch]) - y[batch]) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


_REFERENCE_ROWS = 512
_PREDICTION_CHUNK_ROWS = 1_000_000


def _constant_feature_groups(connection, panel: PanelTable) -> list[tuple[int, list[int]]]:
    """(fixed effect k, the features constant within every level of k and not already in an
    earlier group), for every fixed effect with such features (user features, vendor ones)."""
    features = range(len(panel.spec.features))
    groups, taken = [], set()
    for k in range(panel.n_fixed_effects):
        varies = connection.execute(
            "select "
            + ", ".join(f"coalesce(bool_or(high_{j} > low_{j}), false)" for j in features)
            + " from (select "
            + ", ".join(f"max(x_{j}) as high_{j}, min(x_{j}) as low_{j}" for j in features)
            + f" from {panel.table} group by fe_{k})"
        ).fetchall()[0]
        constant = [j for j in features if not varies[j] and j not in taken]
        if constant:
            groups.append((k, constant))
            taken.update(constant)
    return groups


def _main_effects(connection, panel, trained: TrainedNetwork, random_state: int):
    """The purely-level parts of g: for each fixed effect k with features constant within its
    levels (``_constant_feature_groups``), the partial dependence of g on those features at
    each level -- the mean of g over ``_REFERENCE_ROWS`` reference rows with the level's
    features put in -- and g's mean over the reference rows; (k -> values by code, mean)."""
    names = _columns(panel)[0]
    reference = connection.execute(
        f"select {', '.join(names)} from {panel.table}"
        f" order by hash(row_index + {int(random_state)}) limit {_REFERENCE_ROWS}"
    ).fetchnumpy()
    rows = np.column_stack([np.asarray(reference[name], float) for name in names])
    network = trained.network
    with torch.no_grad():
        mean = float(network.baseline(*trained.features.apply(rows)).mean())
        effects = {}
        for k, group in _constant_feature_groups(connection, panel):
            selected = ", ".join(f"any_value(x_{j})" for j in group)
            levels = connection.execute(
                f"select fe_{k}, {selected} from {panel.table} group by fe_{k}"
            ).fetchall()
            values = np.zeros(panel.level_counts[k])
            for start in range(0, len(levels), 1024):
                chunk = levels[start : start + 1024]
                level_features = np.array([row[1:] for row in chunk], float)
                grid = np.tile(rows, (len(chunk), 1))
                grid[:, group] = np.repeat(level_features, len(rows), axis=0)
                g = network.baseline(*trained.features.apply(grid)).double().numpy()
                values[[row[0] for row in chunk]] = g.reshape(len(chunk), len(rows)).mean(1)
            effects[k] = values
    return effects, mean


def create_predictions_table(connection: duckdb.DuckDBPyConnection, panel, table: str) -> None:
    """An empty ``table(row_index, beta_<s>.., g_hat)`` for :func:`predict_into`."""
    columns = [f"beta_{s} double" for s in range(len(panel.spec.slopes))] + ["g_hat double"]
    connection.execute(
        f"create or replace temp table {table} (row_index bigint, {', '.join(columns)})"
    )


@with_fit_threads
def predict_into(
    connection: duckdb.DuckDBPyConnection,
    panel: PanelTable,
    trained: TrainedNetwork,
    table: str,
    random_state: int = 0,
    rows: str = "true",
) -> None:
    """Append ``row_index``, ``beta_<s>`` and ``g_hat`` of the panel's rows where the SQL
    predicate ``rows`` holds to ``table`` (:func:`create_predictions_table`),
    ``_PREDICTION_CHUNK_ROWS`` rows at a time (each chunk is read whole, predicted in record
    batches and inserted before the next is read: a connection cannot write while it streams a
    result, and a chunk bounds what Python holds).

    ``g_hat`` is g's interaction part: g minus its partial dependence on the features constant
    within each fixed effect's levels, plus (groups - 1) times its mean (a functional ANOVA over
    the rows). A function of user features alone (or vendor features alone) cannot be told
    apart from the user (vendor) fixed effects; it is left to them, so the fixed effects are
    the same whichever of the embeddings or g the training put it in."""
    features, slopes, codes = _columns(panel)
    n_slopes = len(slopes)
    effects, g_mean = _main_effects(connection, panel, trained, random_state)
    selected = f"select row_index, {', '.join(features + slopes + codes)}, y from {panel.table}"
    last = connection.execute(f"select coalesce(max(row_index), -1) from {panel.table}")
    for start in range(0, int(last.fetchall()[0][0]) + 1, _PREDICTION_CHUNK_ROWS):
        chunk = connection.sql(
            f"{selected} where ({rows}) and row_index >= {start}"
            f" and row_index < {start + _PREDICTION_CHUNK_ROWS} order by row_index"
        ).to_arrow_table()
        parts = []
        with torch.no_grad():
            for batch in chunk.to_batches(_RECORD_BATCH_ROWS):
                x, u, _, c, _ = _tensors(batch, panel, trained.features)
                beta = trained.network.slopes(x, u).double().numpy()
                g = trained.network.baseline(x, u).double().numpy() + (len(effects) - 1) * g_mean
                for k, values in effects.items():
                    g -= values[c[:, k].numpy()]
                arrays = {"row_index": batch.column("row_index")}
                arrays.update({f"beta_{s}": pa.array(beta[:, s]) for s in range(n_slopes)})
                arrays["g_hat"] = pa.array(g)
                parts.append(pa.table(arrays))
        del chunk
        if parts:
            connection.register("ad_panel_predictions", pa.concat_tables(parts))
            connection.execute(f"insert into {table} select * from ad_panel_predictions")
            connection.unregister("ad_panel_predictions")
