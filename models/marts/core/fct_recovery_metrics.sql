{#-
    How well each analysis recovered the simulated truth, every domain in one table: one row per
    metric. Only analyses over data with ground truth (the simulated demo data) have rows. A domain
    adds its `int_<domain>_recovery_metrics` (analysis, outcome, estimator, metric, value) here.
-#}
{%- set domain_metrics = [
    ('causal', 'int_causal_recovery_metrics'),
] -%}

with

{% for domain, model_name in domain_metrics -%}
    {{ domain }}__metrics as (

        select
            '{{ domain }}' as domain,
            analysis,
            outcome,
            estimator,
            metric,
            value
        from {{ ref(model_name) }}

    ),

{% endfor -%}
unioned as (

    {% for domain, model_name in domain_metrics -%}
        select * from {{ domain }}__metrics
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select * from unioned

)

select * from final
