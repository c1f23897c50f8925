"""PyMC-Marketing's MMM on a daily CSV (date, one spend column per channel, controls, y); run
by bench_media.py in its own Python >= 3.12 venv. Prints JSON: ROI per channel (posterior mean
of the channel's contribution over the range / its spend) and the wall time of the fit."""

import json
import sys
import time

import pandas as pd
from pymc_marketing.mmm import MMM, GeometricAdstock, LogisticSaturation

path, channels, controls, chains, draws, seed = sys.argv[1:7]
channels, controls = channels.split(","), controls.split(",")
frame = pd.read_csv(path, parse_dates=["date"])
started = time.perf_counter()
mmm = MMM(
    date_column="date",
    channel_columns=channels,
    control_columns=controls,
    adstock=GeometricAdstock(l_max=8),
    saturation=LogisticSaturation(),
    yearly_seasonality=2,
)
features = frame[["date", *channels, *controls]]
mmm.build_model(features, frame["y"])
mmm.add_original_scale_contribution_variable(var=["channel_contribution"])
mmm.fit(
    features,
    frame["y"],
    chains=int(chains),
    draws=int(draws),
    tune=int(draws),
    random_seed=int(seed),
    progressbar=False,
)
contribution = mmm.idata.posterior["channel_contribution_original_scale"]
totals = contribution.sum(dim="date").mean(dim=("chain", "draw"))
elapsed = time.perf_counter() - started
roi = {c: float(totals.sel(channel=c)) / float(frame[c].sum()) for c in channels}
print(json.dumps({"roi": roi, "seconds": elapsed}))
