-- Lambda target failures by target group and error_reason (invalid responses, throttling, unhandled exceptions).
SELECT
    dst_endpoint.uid AS target_group,
    status_detail AS error_reason,
    status_code,
    count(*) AS responses,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM events
WHERE status_detail LIKE 'Lambda%'
GROUP BY ALL
ORDER BY responses DESC, target_group, error_reason, status_code
