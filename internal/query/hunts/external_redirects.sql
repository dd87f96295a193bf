-- Redirect actions whose Location host differs from the requested host, the pattern of an open redirect.
WITH redirects AS (
    SELECT
        *,
        -- Browsers read backslashes as slashes and follow //host and scheme:/host,
        -- and the host of user@host is after the @.
        regexp_extract(
            replace(lower(unmapped['redirect_url']), '\', '/'),
            '^(?:[a-z][a-z0-9+.-]*:/+|//+)(?:[^/?#]*@)?([^/:?#]+)', 1) AS redirect_host
    FROM events
    WHERE unmapped['redirect_url'] IS NOT NULL
)
SELECT
    time_dt AS time,
    src_endpoint.ip AS src_ip,
    status_code,
    http_request.url.url_string AS url,
    unmapped['redirect_url'] AS redirect_url,
    redirect_host
FROM redirects
WHERE redirect_host <> ''
    AND redirect_host <> lower(coalesce(http_request.url.hostname, ''))
ORDER BY time, src_ip
