-- 5xx responses by error_reason (such as LambdaInvalidResponse or WAFConnectionError) and status code.
SELECT
    status_detail AS error_reason,
    status_code,
    count(*) AS responses,
    count(DISTINCT src_endpoint.ip) AS clients,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM events
WHERE http_response.code >= 500
GROUP BY error_reason, status_code
ORDER BY responses DESC, error_reason NULLS LAST, status_code
