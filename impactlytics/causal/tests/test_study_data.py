import numpy as np
import pandas as pd
import pytest

from impactlytics.causal.spec import StudySpec
from impactlytics.causal.study_data import load_study_data
from impactlytics.causal.validation import StudyInputError

SPEC = StudySpec(
    name="s",
    data="file.csv",
    unit="id",
    treatment="t",
    outcomes=("y",),
    covariates=("x",),
    categorical=("c",),
)


def long_tables(unit_ids, treatment, x, levels):
    units = pd.DataFrame({"study_name": "s", "unit_id": unit_ids, "treatment_value": treatment})
    rows = [("x", "x", False, uid, value) for uid, value in zip(unit_ids, x, strict=True)]
    for level in sorted(set(levels)):
        rows += [
            (f"c={level}", "c", True, uid, float(lvl == level))
            for uid, lvl in zip(unit_ids, levels, strict=True)
        ]
    covariates = pd.DataFrame(
        rows,
        columns=["covariate_name", "source_column", "is_one_hot", "unit_id", "covariate_value"],
    ).assign(study_name="s")
    return units, covariates


def test_sorts_units_and_drops_reference_level():
    units, covariates = long_tables(["b", "a", "c"], ["1", "0", "true"], [2.0, 1.0, 3.0], "xyx")
    data = load_study_data(SPEC, units, covariates)
    assert list(data.unit_id) == ["a", "b", "c"]
    assert list(data.treatment) == [0, 1, 1]
    assert data.feature_names == ("c=y", "x")
    np.testing.assert_array_equal(data.X, [[1.0, 1.0], [0.0, 2.0], [0.0, 3.0]])


@pytest.mark.parametrize(
    ("ids", "treatment", "x", "message"),
    [
        (["a", "a", "b"], ["1", "0", "1"], [1.0, 2.0, 3.0], "unit column 'id' is not unique"),
        (["a", None, "b"], ["1", "0", "1"], [1.0, 2.0, 3.0], "unit column 'id' has 1 null"),
        (["a", "b", "c"], ["1", "0", "2"], [1.0, 2.0, 3.0], "treatment column 't' is not binary"),
        (["a", "b", "c"], ["1", None, "0"], [1.0, 2.0, 3.0], "treatment column 't' has 1 null"),
        (["a", "b", "c"], ["0", "0", "0"], [1.0, 2.0, 3.0], "single arm: all 3 units are control"),
        (["a", "b", "c"], ["1", "0", "1"], [1.0, np.nan, 3.0], "covariate column 'x' has 1 null"),
        (["a", "b", "c"], ["1", "0", "1"], [2.0, 2.0, 2.0], "covariate column 'x' is constant (2)"),
    ],
)
def test_bad_input_names_study_and_column(ids, treatment, x, message):
    units, covariates = long_tables(ids, treatment, x, "xyx")
    with pytest.raises(StudyInputError, match="study 's' \\(data file.csv\\)") as error:
        load_study_data(SPEC, units, covariates)
    assert message in str(error.value)


def test_single_level_categorical_is_an_error():
    units, covariates = long_tables(["a", "b", "c"], ["1", "0", "1"], [1.0, 2.0, 3.0], "yyy")
    with pytest.raises(StudyInputError, match="categorical column 'c' has a single level"):
        load_study_data(SPEC, units, covariates)


def test_empty_study_is_an_error():
    units, covariates = long_tables([], [], [], "")
    with pytest.raises(StudyInputError, match="no rows left"):
        load_study_data(SPEC, units, covariates)
