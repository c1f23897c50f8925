"""Conditional average treatment effects: cross-fitted learners behind one interface, chosen
without ground truth by held-out R-loss, with heterogeneity tests and honest segment effects."""

from impactlytics.causal.cate.base import CateLearner
from impactlytics.causal.cate.ensemble import StackedEnsemble
from impactlytics.causal.cate.forest import CausalForestLearner
from impactlytics.causal.cate.heterogeneity import HeterogeneityTest, blp_test
from impactlytics.causal.cate.metalearners import (
    ConstantEffect,
    DRLearner,
    RLearner,
    SLearner,
    TLearner,
    XLearner,
)
from impactlytics.causal.cate.neural import TARNetLearner
from impactlytics.causal.cate.nuisance import CateData, CateNuisances, cross_fit_nuisances
from impactlytics.causal.cate.policy import PolicyValue, auuc, policy_values
from impactlytics.causal.cate.segments import (
    SegmentEffect,
    quantile_groups,
    segment_effect,
    tree_segments,
)
from impactlytics.causal.cate.selection import dr_loss, r_loss, select_by_r_loss
from impactlytics.causal.cate.study import CATE_LEARNERS, CateFit, fit_cate

__all__ = [
    "CATE_LEARNERS",
    "CateData",
    "CateFit",
    "CateNuisances",
    "CateLearner",
    "CausalForestLearner",
    "ConstantEffect",
    "DRLearner",
    "HeterogeneityTest",
    "PolicyValue",
    "RLearner",
    "SLearner",
    "SegmentEffect",
    "StackedEnsemble",
    "TARNetLearner",
    "TLearner",
    "XLearner",
    "auuc",
    "blp_test",
    "cross_fit_nuisances",
    "dr_loss",
    "fit_cate",
    "policy_values",
    "quantile_groups",
    "r_loss",
    "segment_effect",
    "select_by_r_loss",
    "tree_segments",
]
