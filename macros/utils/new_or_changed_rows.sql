{#-
    The rows of `cte` an incremental staging model has to (re)load: every row on the first run
    or a full refresh; afterwards only those not already stored exactly as they are (`except`),
    so a late or re-sent, corrected row lands whatever its time. Models pair it with
    `incremental_strategy='delete+insert'` on their key, which replaces the stored row of the
    same key. `except` is a set operation: a row duplicated in the file is loaded once, which is
    why each such source tests its key's uniqueness on the file itself.
-#}
{% macro new_or_changed_rows(cte) %}
    select * from {{ cte }}
    {% if is_incremental() %}
        except
        select * from {{ this }}
    {% endif %}
{% endmacro %}
