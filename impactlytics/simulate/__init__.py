"""Deterministic simulators with known ground truth, and their Parquet writers."""

from impactlytics.simulate.scales import SCALES, n_videos_for_scale
from impactlytics.simulate.video_experiments import (
    CATEGORIES,
    COVARIATES,
    OUTCOMES,
    PROPENSITY_CLIP,
    RAW_COLUMNS,
    TREATMENT,
    TRUTH_COLUMNS,
    TrueEffects,
    population_ate,
    population_att,
    propensity_and_effects,
    simulate_video_experiments,
)
from impactlytics.simulate.writer import (
    DOMAIN_WRITERS,
    DomainWriter,
    write_causal_studies,
    write_domains,
    write_parquet,
)

__all__ = [
    "CATEGORIES",
    "COVARIATES",
    "DOMAIN_WRITERS",
    "OUTCOMES",
    "PROPENSITY_CLIP",
    "RAW_COLUMNS",
    "SCALES",
    "TREATMENT",
    "TRUTH_COLUMNS",
    "DomainWriter",
    "TrueEffects",
    "n_videos_for_scale",
    "population_ate",
    "population_att",
    "propensity_and_effects",
    "simulate_video_experiments",
    "write_domains",
    "write_parquet",
    "write_causal_studies",
]
