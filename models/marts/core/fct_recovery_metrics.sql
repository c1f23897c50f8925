{#-
    How well each analysis recovered the simulated truth, every domain in one table: one row per
    metric. Only analyses over data with ground truth (the simulated demo data) have rows. A domain
    adds its `int_<domain>_recovery_metrics` (analysis, outcome, estimator, metric, value) to the
    list below.
-#}
{%- set domain_metrics = [
    {'name': 'causal', 'model': 'int_causal_recovery_metrics'},
    {'name': 'campaigns', 'model': 'int_campaigns_recovery_metrics'},
    {'name': 'rollout', 'model': 'int_rollout_recovery_metrics'},
    {'name': 'media_mix', 'model': 'int_media_mix_recovery_metrics'},
    {'name': 'ad_panel', 'model': 'int_ad_panel_recovery_metrics'},
] -%}

with

{% for domain in domain_metrics -%}
    {{ domain.name }}__metrics as (

        select
            '{{ domain.name }}' as domain,
            analysis,
            outcome,
            estimator,
            metric,
            value
        from {{ ref(domain.model) }}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        domain_metrics,
        'metrics',
        [('domain', 'varchar'), ('analysis', 'varchar'), ('outcome', 'varchar'), ('estimator', 'varchar'), ('metric', 'varchar'), ('value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
