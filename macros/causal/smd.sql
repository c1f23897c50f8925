{% macro smd(mean_treated, mean_control, var_treated, var_control) %}
    {#-
        Absolute standardized mean difference |mu_T - mu_C| / sqrt((var_T + var_C) / 2).
        Zero when both arms are constant and equal; null when they are constant and differ.
    -#}
    case
        when ({{ var_treated }} + {{ var_control }}) > 0
            then abs({{ mean_treated }} - {{ mean_control }})
            / sqrt(({{ var_treated }} + {{ var_control }}) / 2.0)
        when {{ mean_treated }} = {{ mean_control }} then 0.0
    end
{% endmacro %}
