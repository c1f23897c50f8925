{% macro ci_covers(truth, ci_lower, ci_upper) %}
    {#- 1.0 when the interval [ci_lower, ci_upper] holds the truth, else 0.0 (averages to a coverage). -#}
    case when {{ truth }} between {{ ci_lower }} and {{ ci_upper }} then 1.0 else 0.0 end
{% endmacro %}

{% macro interval_recovery_columns(estimate, truth, ci_lower, ci_upper) %}
    {#- An estimate's recovery of a known truth: bias, ci_covers_truth (1/0) and ci_width. -#}
    {{ estimate }} - {{ truth }} as bias,
    {{ ci_covers(truth, ci_lower, ci_upper) }} as ci_covers_truth,
    {{ ci_upper }} - {{ ci_lower }} as ci_width
{% endmacro %}
