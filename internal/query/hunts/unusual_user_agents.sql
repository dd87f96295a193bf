-- Empty, very short, or tool user agents (curl, python-requests, sqlmap, Nikto, masscan and others), by agent.
WITH agents AS (
    SELECT
        coalesce(http_request.user_agent, '') AS user_agent,
        src_endpoint.ip AS src_ip,
        time_dt
    FROM events
),
classified AS (
    SELECT
        *,
        CASE
            WHEN trim(user_agent) = '' THEN 'empty'
            WHEN regexp_matches(lower(user_agent),
                'curl/|wget/|python-requests|python-urllib|aiohttp|httpx|go-http-client|okhttp|java/|libwww-perl|apache-httpclient|nikto|sqlmap|nmap|masscan|zgrab|nuclei|dirbuster|gobuster|ffuf|feroxbuster|wpscan|acunetix|nessus|openvas|burp|zmeu|hydra|scrapy|headlesschrome|phantomjs')
                THEN 'tool'
            WHEN length(user_agent) < 12 THEN 'short'
        END AS reason
    FROM agents
)
SELECT
    user_agent,
    reason,
    count(*) AS requests,
    count(DISTINCT src_ip) AS clients,
    string_agg(DISTINCT src_ip, ',' ORDER BY src_ip) AS src_ips,
    min(time_dt) AS first_seen
FROM classified
WHERE reason IS NOT NULL
GROUP BY user_agent, reason
ORDER BY requests DESC, user_agent
