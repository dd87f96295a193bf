-- Requests per minute by status class (2xx to 5xx; other is 1xx or no status), to spot floods and outages.
SELECT
    date_trunc('minute', time_dt) AS minute,
    count(*) AS requests,
    count(*) FILTER (WHERE http_response.code BETWEEN 200 AND 299) AS status_2xx,
    count(*) FILTER (WHERE http_response.code BETWEEN 300 AND 399) AS status_3xx,
    count(*) FILTER (WHERE http_response.code BETWEEN 400 AND 499) AS status_4xx,
    count(*) FILTER (WHERE http_response.code BETWEEN 500 AND 599) AS status_5xx,
    count(*) FILTER (WHERE http_response.code IS NULL OR http_response.code NOT BETWEEN 200 AND 599) AS status_other
FROM events
GROUP BY minute
ORDER BY minute
