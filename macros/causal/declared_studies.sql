{% macro declared_studies() %}
    {#- The `studies` var, validated and completed with defaults; fails at compile time on a bad spec. -#}
    {%- set studies = var('studies', []) or [] -%}
    {%- set required_keys = ['name', 'data', 'unit', 'treatment', 'outcomes', 'covariates'] -%}
    {%- set list_keys = ['outcomes', 'covariates', 'categorical', 'cate_learners'] -%}
    {%- set known_keys = required_keys + ['categorical', 'estimand', 'where', 'trim', 'cate_learners', 'cate_groups', 'refutation_estimator', 'refutation_repeats', 'refutation_max_units'] -%}
    {#- The learners of impactlytics.causal.cate.CATE_LEARNERS (a Python test keeps the two lists equal). -#}
    {%- set cate_learner_names = ['s_learner', 't_learner', 'x_learner', 'dr_learner', 'r_learner', 'causal_forest', 'tarnet', 'constant'] -%}
    {#- The estimators of impactlytics.causal.estimators.ESTIMATORS (a Python test keeps the two lists equal). -#}
    {%- set estimator_names = ['difference_in_means', 'regression_adjustment', 'ipw', 'aipw', 'psm_matching', 'ps_stratification'] -%}
    {%- set seen_names = [] -%}
    {%- set normalized = [] -%}
    {%- for study in studies -%}
        {%- set label = assert_analysis_keys('studies', 'study', study, loop.index, required_keys, known_keys, seen_names) -%}
        {%- for key in list_keys if study.get(key) is string -%}
            {{ exceptions.raise_compiler_error(label ~ ": '" ~ key ~ "' must be a list of column names") }}
        {%- endfor -%}
        {%- set adjusters = study.covariates + (study.get('categorical') or []) -%}
        {%- for column in [study.unit, study.treatment] + study.outcomes if column in adjusters -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' is the unit, treatment or an outcome and cannot also be a covariate") }}
        {%- endfor -%}
        {%- set estimand = (study.get('estimand') or 'ATE') | upper -%}
        {%- if estimand not in ['ATE', 'ATT'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": estimand must be ATE or ATT, got '" ~ study.estimand ~ "'") }}
        {%- endif -%}
        {#- Trimming follows the estimand: a fixed threshold for the ATE, common support for the ATT. -#}
        {%- set trim = study.get('trim') -%}
        {%- if trim is none -%}
            {%- set trim = 0.01 if estimand == 'ATE' else 'support' -%}
        {%- endif -%}
        {%- if trim is number -%}
            {%- if trim < 0 or trim >= 0.5 -%}
                {{ exceptions.raise_compiler_error(label ~ ": trim must be a number in [0, 0.5), 'support' or 'crump', got '" ~ trim ~ "'") }}
            {%- endif -%}
        {%- elif trim not in ['support', 'crump'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": trim must be a number in [0, 0.5), 'support' or 'crump', got '" ~ trim ~ "'") }}
        {%- elif trim == 'crump' and estimand != 'ATE' -%}
            {{ exceptions.raise_compiler_error(label ~ ": trim 'crump' is the ATE rule (Crump et al. 2009); use 'support' or a number for the ATT") }}
        {%- endif -%}
        {%- set cate_learners = study.get('cate_learners') or cate_learner_names -%}
        {%- for learner in cate_learners if learner not in cate_learner_names -%}
            {{ exceptions.raise_compiler_error(label ~ ": cate_learners names unknown learner '" ~ learner ~ "'; choose from " ~ cate_learner_names | join(', ')) }}
        {%- endfor -%}
        {%- set cate_groups = study.get('cate_groups') or 5 -%}
        {%- if cate_groups is not number or cate_groups != cate_groups | int or cate_groups < 2 or cate_groups > 20 -%}
            {{ exceptions.raise_compiler_error(label ~ ": cate_groups must be an integer from 2 to 20, got '" ~ cate_groups ~ "'") }}
        {%- endif -%}
        {%- set refutation_estimator = study.get('refutation_estimator') or 'aipw' -%}
        {%- if refutation_estimator not in estimator_names -%}
            {{ exceptions.raise_compiler_error(label ~ ": refutation_estimator names unknown estimator '" ~ refutation_estimator ~ "'; choose from " ~ estimator_names | join(', ')) }}
        {%- endif -%}
        {%- set refutation_sizes = {} -%}
        {%- for key, default, smallest in [('refutation_repeats', 2, 1), ('refutation_max_units', 20000, 100)] -%}
            {%- set value = study.get(key) if study.get(key) is not none else default -%}
            {%- if value is not number or value != value | int or value < smallest -%}
                {{ exceptions.raise_compiler_error(label ~ ": " ~ key ~ " must be an integer of at least " ~ smallest ~ ", got '" ~ value ~ "'") }}
            {%- endif -%}
            {%- do refutation_sizes.update({key: value | int}) -%}
        {%- endfor -%}
        {%- do normalized.append({
            'name': study.name,
            'data': study.data,
            'unit': study.unit,
            'treatment': study.treatment,
            'outcomes': study.outcomes,
            'covariates': study.covariates,
            'categorical': study.get('categorical') or [],
            'estimand': estimand,
            'where': study.get('where'),
            'trim': trim,
            'cate_learners': cate_learners,
            'cate_groups': cate_groups,
            'refutation_estimator': refutation_estimator,
            'refutation_repeats': refutation_sizes.refutation_repeats,
            'refutation_max_units': refutation_sizes.refutation_max_units,
        }) -%}
    {%- endfor -%}
    {{- return(normalized) -}}
{% endmacro %}
