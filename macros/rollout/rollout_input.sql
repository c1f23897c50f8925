{% macro rollout_label(rollout) %}
    {{- return("rollout '" ~ rollout.name ~ "' (data " ~ rollout.data ~ ")") -}}
{% endmacro %}


{% macro rollout_rows(rollout) %}
    {#-
        The rows of a rollout as a subquery, one per unit x period with the period's 1-based rank
        `_period_index`, after `assert_rollout_input` has checked them at run time.
    -#}
    {%- set relation = analysis_input_relation("rollout '" ~ rollout.name ~ "'", rollout.data) -%}
    {%- if execute -%}
        {%- do assert_rollout_input(rollout, relation) -%}
    {%- endif -%}
    (
        select
            *,
            dense_rank() over (order by {{ adapter.quote(rollout.period) }}) as _period_index
        from {{ relation }}
    )
{% endmacro %}


{% macro assert_rollout_input(rollout, relation) %}
    {#-
        Fails the build, naming the rollout and the column, before anything is fitted: missing or
        mistyped columns, nulls in unit, period, exposure, cluster or weight, an exposure that is
        not 0/1 or switches off, repeated unit x period rows, fewer than two periods or clusters,
        a gap in an integer period, a constant outcome or covariate,
        a cluster or weight that varies within a unit, and no control units for the declared
        control group.
    -#}
    {%- set label = rollout_label(rollout) -%}
    {%- set columns = [rollout.unit, rollout.period, rollout.exposure, rollout.cluster] + ([rollout.weight] if rollout.weight else []) -%}
    {%- do assert_input_columns(
        label,
        relation,
        [('unit', [rollout.unit]), ('period', [rollout.period]), ('exposure', [rollout.exposure]), ('outcomes', rollout.outcomes), ('covariates', rollout.covariates), ('categorical', rollout.categorical), ('cluster', [rollout.cluster]), ('weight', [rollout.weight] if rollout.weight else [])],
        ['exposure', 'outcomes', 'covariates', 'weight']
    ) -%}
    {%- set period_type = input_column_types(relation)[rollout.period | lower] -%}
    {%- if not (period_type.startswith('DATE') or period_type.startswith('TIMESTAMP') or (is_numeric_type(period_type) and not period_type.startswith('BOOLEAN'))) -%}
        {{ exceptions.raise_compiler_error(label ~ ": period column '" ~ rollout.period ~ "' has type " ~ period_type ~ ", expected an integer or a date") }}
    {%- endif -%}
    {%- set unit = adapter.quote(rollout.unit) -%}
    {%- set period = adapter.quote(rollout.period) -%}
    {%- set exposure = 'cast(' ~ adapter.quote(rollout.exposure) ~ ' as double)' -%}
    {%- for column in columns -%}
        {%- set n_null = rollout_input_count(relation, adapter.quote(column) ~ ' is null') -%}
        {%- if n_null > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' has " ~ n_null ~ " null values") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set n_not_binary = rollout_input_count(relation, exposure ~ ' not in (0, 1)') -%}
    {%- if n_not_binary > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": exposure column '" ~ rollout.exposure ~ "' has " ~ n_not_binary ~ " values other than 0 and 1") }}
    {%- endif -%}
    {%- set stats = run_query(
        'select count(*) - count(distinct (' ~ unit ~ ', ' ~ period ~ ')), count(distinct ' ~ period ~ '), count(distinct ' ~ adapter.quote(rollout.cluster) ~ ') from ' ~ relation
    ).rows[0] -%}
    {%- if stats[0] > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": " ~ stats[0] ~ " repeated rows of unit column '" ~ rollout.unit ~ "' x period column '" ~ rollout.period ~ "'") }}
    {%- endif -%}
    {%- if stats[2] < 2 -%}
        {{ exceptions.raise_compiler_error(label ~ ": cluster column '" ~ rollout.cluster ~ "' has " ~ stats[2] ~ " distinct value(s); cluster-robust standard errors need at least two clusters") }}
    {%- endif -%}
    {%- if stats[1] < 2 -%}
        {{ exceptions.raise_compiler_error(label ~ ": period column '" ~ rollout.period ~ "' has " ~ stats[1] ~ " distinct value(s); a rollout needs at least two periods") }}
    {%- endif -%}
    {%- do assert_rollout_periods_contiguous(rollout, relation, period_type) -%}
    {%- for column in rollout.outcomes + rollout.covariates -%}
        {%- set n_values = run_query('select count(distinct ' ~ adapter.quote(column) ~ ') from ' ~ relation).rows[0][0] -%}
        {%- if n_values < 2 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' is constant (" ~ n_values ~ " distinct value); an outcome or covariate must vary") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set switch_off = run_query(
        'select count(distinct ' ~ unit ~ ') from (select ' ~ unit ~ ', ' ~ exposure ~ ' as exposure_value, max(' ~ exposure ~ ') over (partition by ' ~ unit ~ ' order by ' ~ period ~ ' rows between unbounded preceding and 1 preceding) as exposed_before from ' ~ relation ~ ') as ordered where exposed_before = 1 and exposure_value = 0'
    ).rows[0][0] -%}
    {%- if switch_off > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": exposure column '" ~ rollout.exposure ~ "' switches off (1 then 0) for " ~ switch_off ~ " units; once exposed a unit must stay exposed") }}
    {%- endif -%}
    {%- for column in [rollout.cluster] + ([rollout.weight] if rollout.weight else []) if column != rollout.unit -%}
        {%- set n_varying = run_query(
            'select count(*) from (select ' ~ unit ~ ' from ' ~ relation ~ ' group by ' ~ unit ~ ' having count(distinct ' ~ adapter.quote(column) ~ ') > 1) as varying'
        ).rows[0][0] -%}
        {%- if n_varying > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' varies within " ~ n_varying ~ " units; clusters and weights must be constant per unit '" ~ rollout.unit ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if rollout.weight and rollout_input_count(relation, adapter.quote(rollout.weight) ~ ' <= 0') > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": weight column '" ~ rollout.weight ~ "' has values <= 0") }}
    {%- endif -%}
    {%- do assert_rollout_controls(rollout, relation) -%}
{% endmacro %}


{% macro assert_rollout_periods_contiguous(rollout, relation, period_type) %}
    {#-
        An integer period must have no gap: a period missing from the whole panel would make the
        periods around it look adjacent (event times are ranks of the observed periods). Date
        periods have no known step and are not checked.
    -#}
    {%- if is_numeric_type(period_type) -%}
        {%- set period = adapter.quote(rollout.period) -%}
        {%- set gap = run_query(
            'select max(' ~ period ~ ') - min(' ~ period ~ ') + 1 - count(distinct ' ~ period ~ '), min(next_period) from (select ' ~ period ~ ', case when lead(' ~ period ~ ') over (order by ' ~ period ~ ') > ' ~ period ~ ' + 1 then ' ~ period ~ ' + 1 end as next_period from (select distinct ' ~ period ~ ' from ' ~ relation ~ ') as periods) as ordered'
        ).rows[0] -%}
        {%- if gap[0] > 0 -%}
            {{ exceptions.raise_compiler_error(rollout_label(rollout) ~ ": period column '" ~ rollout.period ~ "' skips " ~ gap[0] ~ " period(s) between its first and last value (the first missing: " ~ gap[1] ~ "); every period needs rows") }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{% macro assert_rollout_controls(rollout, relation) %}
    {#-
        Never-treated controls need a unit never exposed; not-yet-treated controls need a unit
        still unexposed when the first exposed cohort starts.
    -#}
    {%- set unit = adapter.quote(rollout.unit) -%}
    {%- set exposure = 'cast(' ~ adapter.quote(rollout.exposure) ~ ' as double)' -%}
    {%- set counts = run_query(
        'with units as (select ' ~ unit ~ ', max(' ~ exposure ~ ') as ever_exposed, min(' ~ adapter.quote(rollout.period) ~ ') filter (where ' ~ exposure ~ ' = 1) as first_exposed from ' ~ relation ~ ' group by ' ~ unit ~ ')'
        ~ ' select count(*) filter (where ever_exposed = 0), count(*) filter (where ever_exposed = 1),'
        ~ ' count(*) filter (where ever_exposed = 0 or first_exposed > (select min(first_exposed) from units)) from units'
    ).rows[0] -%}
    {%- set label = rollout_label(rollout) -%}
    {%- if counts[1] == 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": exposure column '" ~ rollout.exposure ~ "' is never 1; no unit is exposed") }}
    {%- endif -%}
    {%- if rollout.control_group == 'never_treated' and counts[0] == 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": exposure column '" ~ rollout.exposure ~ "' leaves no never-exposed unit for control_group never_treated; try control_group: not_yet_treated") }}
    {%- endif -%}
    {%- if counts[2] == 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": exposure column '" ~ rollout.exposure ~ "' leaves no unit unexposed when the first cohort starts; no control group exists") }}
    {%- endif -%}
{% endmacro %}


{% macro rollout_input_count(relation, condition) %}
    {#- Number of rows of `relation` matching the SQL `condition`. -#}
    {{- return(run_query('select count(*) from ' ~ relation ~ ' where ' ~ condition).rows[0][0]) -}}
{% endmacro %}
