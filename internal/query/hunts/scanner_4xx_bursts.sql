-- Clients with 10 or more 4xx responses within any 60 seconds, the pattern of a content scanner or fuzzer.
WITH errors AS (
    SELECT
        src_endpoint.ip AS src_ip,
        time_dt,
        http_request.url.path AS path,
        status_code,
        http_request.user_agent AS user_agent
    FROM events
    WHERE http_response.code BETWEEN 400 AND 499
),
windows AS (
    SELECT
        src_ip,
        time_dt AS window_start,
        count(*) OVER (
            PARTITION BY src_ip ORDER BY time_dt
            RANGE BETWEEN CURRENT ROW AND INTERVAL 59999999 MICROSECONDS FOLLOWING
        ) AS responses_4xx
    FROM errors
),
bursts AS (
    SELECT src_ip, window_start, responses_4xx
    FROM windows
    WHERE responses_4xx >= 10
    QUALIFY row_number() OVER (PARTITION BY src_ip ORDER BY responses_4xx DESC, window_start) = 1
)
SELECT
    b.src_ip,
    b.window_start,
    b.responses_4xx,
    count(DISTINCT e.path) AS distinct_paths,
    string_agg(DISTINCT e.status_code, ',' ORDER BY e.status_code) AS status_codes,
    min(e.user_agent) AS sample_user_agent
FROM bursts AS b
JOIN errors AS e
    ON e.src_ip = b.src_ip
    AND e.time_dt >= b.window_start
    AND e.time_dt < b.window_start + INTERVAL 60 SECONDS
GROUP BY b.src_ip, b.window_start, b.responses_4xx
ORDER BY b.responses_4xx DESC, b.src_ip, b.window_start
