package main

// fullSelect follows the CTE f of readFields. It builds the columns of
// ocsf.Event (internal/ocsf/event.go) in the same order, with the same names,
// nesting and types. Objects are structs, arrays are lists and unmapped is a
// MAP(VARCHAR, VARCHAR). time, start_time and end_time are epoch milliseconds
// (BIGINT), the _dt columns TIMESTAMPTZ (written as TIMESTAMP(MICROS, UTC), as
// alb2ocsf writes them), and integer_t attributes INTEGER.
//
// What SQL here does not reproduce:
//   - raw_data is rebuilt from the fields, quoting those ALB quotes. It equals the
//     line for lines as ALB writes them, but not for lines with runs of spaces,
//     unquoted fields ALB normally quotes, or unknown trailing fields.
//   - metadata.uid hashes the file name, time and client address, because
//     read_csv gives no line number without a window function. alb2ocsf hashes
//     the file name and line number.
//   - No field is validated. A bad number, time or address becomes NULL through
//     TRY_CAST, where alb2ocsf rejects the line with a reason; a line read_csv
//     cannot split is dropped by ignore_errors.
//   - Invalid UTF-8 is not escaped as \xNN, and the OCSF 1.1.0 variant and the
//     Other activity's unmapped.http_method are left out.
//   - The account, region and node IP taken from the file name are extracted with
//     a regular expression on every row, where alb2ocsf parses each name once.
const fullSelect = `, p AS (
  SELECT f.*,
    split_part(request, ' ', 1) AS method,
    split_part(request, ' ', -1) AS version,
    CASE WHEN length(request) > length(split_part(request, ' ', 1)) + length(split_part(request, ' ', -1)) + 1
      THEN substr(request, length(split_part(request, ' ', 1)) + 2,
                  length(request) - length(split_part(request, ' ', 1)) - length(split_part(request, ' ', -1)) - 2)
    END AS url_field,
    try_cast(time AS TIMESTAMPTZ) AS t_end,
    try_cast(request_creation_time AS TIMESTAMPTZ) AS t_start,
    try_cast(elb_status_code AS INTEGER) AS code,
    trim(left(client, length(client) - strpos(reverse(client), ':')), '[]') AS client_ip,
    try_cast(right(client, strpos(reverse(client), ':') - 1) AS INTEGER) AS client_port,
    trim(left(target, length(target) - strpos(reverse(target), ':')), '[]') AS target_ip,
    try_cast(right(target, strpos(reverse(target), ':') - 1) AS INTEGER) AS target_port,
    try_cast(received_bytes AS BIGINT) AS received,
    try_cast(sent_bytes AS BIGINT) AS sent,
    coalesce(nullif(split_part(target_group_arn, ':', 4), ''),
             regexp_extract(log_source, 'AWSLogs/[0-9]+/elasticloadbalancing/([a-z0-9-]+)/', 1)) AS region,
    coalesce(nullif(split_part(target_group_arn, ':', 5), ''),
             regexp_extract(log_source, 'AWSLogs/([0-9]+)/', 1)) AS account,
    nullif(regexp_extract(log_source, '_([0-9a-fA-F.:]+)_[a-z0-9]+\.log', 1), '') AS node_ip,
    list_last(string_split(actions_executed, ',')) AS last_action,
    nullif(regexp_extract(trace_id, 'Root=([^;]+)', 1), '') AS trace_root
  FROM f
), p2 AS (
  SELECT p.* EXCLUDE (url_field), nullif(url_field, '-') AS url FROM p
), q AS (
  SELECT p2.*,
    CASE upper(method)
      WHEN 'CONNECT' THEN 1 WHEN 'DELETE' THEN 2 WHEN 'GET' THEN 3 WHEN 'HEAD' THEN 4
      WHEN 'OPTIONS' THEN 5 WHEN 'POST' THEN 6 WHEN 'PUT' THEN 7 WHEN 'TRACE' THEN 8
      WHEN 'PATCH' THEN 9 WHEN '-' THEN 0 WHEN '' THEN 0 ELSE 99 END AS activity,
    regexp_extract(url, '^([A-Za-z][A-Za-z0-9+.-]*)://(\[[^\]]*\]|[^/:?#]*)(?::([0-9]+))?([^?#]*)(?:\?([^#]*))?',
      ['scheme', 'host', 'port', 'path', 'query']) AS u,
    CASE last_action
      WHEN 'waf' THEN 2 WHEN 'waf-failed' THEN 2 WHEN 'authenticate' THEN 2
      WHEN 'forward' THEN 1 WHEN 'redirect' THEN 1 WHEN 'fixed-response' THEN 1
      ELSE 99 END AS action_code,
    CASE last_action
      WHEN 'waf' THEN 2 WHEN 'waf-failed' THEN 27 WHEN 'authenticate' THEN 26
      WHEN 'forward' THEN 1 WHEN 'redirect' THEN 1 WHEN 'fixed-response' THEN 1
      ELSE 99 END AS disposition_code
  FROM p2
)
SELECT
  activity::INTEGER AS activity_id,
  CASE activity WHEN 0 THEN 'Unknown' WHEN 99 THEN method
    ELSE ['Connect', 'Delete', 'Get', 'Head', 'Options', 'Post', 'Put', 'Trace', 'Patch'][activity] END AS activity_name,
  4::INTEGER AS category_uid, 'Network Activity' AS category_name,
  4002::INTEGER AS class_uid, 'HTTP Activity' AS class_name,
  (400200 + activity)::BIGINT AS type_uid,
  'HTTP Activity: ' || CASE activity WHEN 0 THEN 'Unknown' WHEN 99 THEN 'Other'
    ELSE ['Connect', 'Delete', 'Get', 'Head', 'Options', 'Post', 'Put', 'Trace', 'Patch'][activity] END AS type_name,
  (CASE classification WHEN 'Ambiguous' THEN 2 WHEN 'Severe' THEN 3 ELSE 1 END)::INTEGER AS severity_id,
  CASE classification WHEN 'Ambiguous' THEN 'Low' WHEN 'Severe' THEN 'Medium' ELSE 'Informational' END AS severity,
  (CASE WHEN code IS NULL THEN 0 WHEN code < 400 THEN 1 ELSE 2 END)::INTEGER AS status_id,
  CASE WHEN code IS NULL THEN 'Unknown' WHEN code < 400 THEN 'Success' ELSE 'Failure' END AS status,
  code::VARCHAR AS status_code,
  error_reason AS status_detail,
  concat(CASE WHEN method <> '-' AND url IS NOT NULL THEN method || ' ' || url ELSE 'malformed request' END,
         CASE WHEN code IS NOT NULL THEN ' returned ' || code ELSE ' with no status code' END,
         CASE WHEN error_reason IS NOT NULL THEN ' (' || error_reason || ')' END) AS message,
  0::INTEGER AS timezone_offset,
  epoch_ms(t_end) AS time,
  t_end AS time_dt,
  epoch_ms(t_start) AS start_time,
  t_start AS start_time_dt,
  epoch_ms(t_end) AS end_time,
  t_end AS end_time_dt,
  CASE WHEN t_start <= t_end THEN epoch_ms(t_end) - epoch_ms(t_start) END AS duration,
  CASE WHEN last_action IS NOT NULL THEN action_code::INTEGER END AS action_id,
  CASE WHEN last_action IS NULL THEN NULL WHEN action_code = 99 THEN last_action
    WHEN action_code = 1 THEN 'Allowed' ELSE 'Denied' END AS action,
  CASE WHEN last_action IS NOT NULL THEN disposition_code::INTEGER END AS disposition_id,
  CASE WHEN last_action IS NULL THEN NULL WHEN disposition_code = 99 THEN last_action
    WHEN disposition_code = 1 THEN 'Allowed' WHEN disposition_code = 2 THEN 'Blocked'
    WHEN disposition_code = 26 THEN 'Unauthorized' ELSE 'Error' END AS disposition,
  struct_pack(
    version := '1.8.0',
    product := struct_pack(name := 'Elastic Load Balancing', vendor_name := 'AWS',
      feature := struct_pack(name := 'Application Load Balancer access logs')),
    uid := left(sha256(log_source || chr(10) || time || chr(10) || client), 32),
    log_source := log_source,
    original_time := time,
    profiles := list_concat(['cloud', 'datetime', 'load_balancer'],
      CASE WHEN last_action IS NOT NULL THEN ['security_control'] ELSE [] END,
      CASE WHEN trace_root IS NOT NULL THEN ['trace'] ELSE [] END)
  ) AS metadata,
  struct_pack(provider := 'AWS', region := region,
    account := CASE WHEN account IS NOT NULL THEN
      struct_pack(uid := account, type_id := 10::INTEGER, type := 'AWS Account') END) AS cloud,
  struct_pack(ip := client_ip, port := client_port, uid := NULL::VARCHAR,
    type_id := NULL::INTEGER, type := NULL::VARCHAR) AS src_endpoint,
  CASE WHEN target IS NOT NULL OR target_group_arn IS NOT NULL THEN
    struct_pack(ip := target_ip, port := target_port, uid := target_group_arn,
      type_id := NULL::INTEGER, type := NULL::VARCHAR) END AS dst_endpoint,
  struct_pack(uid := CASE WHEN starts_with(conn_trace_id, 'TID_') THEN conn_trace_id END,
    protocol_name := 'tcp', protocol_num := 6::INTEGER,
    protocol_ver_id := (CASE WHEN contains(client_ip, ':') THEN 6 ELSE 4 END)::INTEGER,
    protocol_ver := CASE WHEN contains(client_ip, ':') THEN 'Internet Protocol version 6 (IPv6)'
      ELSE 'Internet Protocol version 4 (IPv4)' END,
    direction_id := 1::INTEGER, direction := 'Inbound') AS connection_info,
  struct_pack(
    http_method := CASE WHEN activity BETWEEN 1 AND 9 THEN upper(method) END,
    version := nullif(version, '-'),
    user_agent := user_agent,
    length := try_cast(received AS INTEGER),
    url := CASE WHEN url IS NOT NULL THEN struct_pack(
      url_string := url,
      scheme := nullif(u.scheme, ''),
      hostname := nullif(u.host, ''),
      port := try_cast(u.port AS INTEGER),
      path := nullif(u.path, ''),
      query_string := nullif(u.query, '')) END
  ) AS http_request,
  CASE WHEN code IS NOT NULL THEN struct_pack(code := code, length := try_cast(sent AS INTEGER),
    latency := CASE WHEN target_processing_time <> '-1'
      THEN round(try_cast(target_processing_time AS DOUBLE) * 1000)::INTEGER END) END AS http_response,
  struct_pack(bytes_in := sent, bytes_out := received, bytes := sent + received) AS traffic,
  CASE WHEN ssl_protocol IS NOT NULL THEN
    struct_pack(version := ssl_protocol, cipher := ssl_cipher, sni := domain_name) END AS tls,
  struct_pack(
    name := split_part(elb, '/', 2),
    uid := CASE WHEN region IS NOT NULL AND account IS NOT NULL THEN
      'arn:aws:elasticloadbalancing:' || region || ':' || account || ':loadbalancer/' || elb END,
    ip := node_ip,
    code := try_cast(target_status_code AS INTEGER),
    classification := classification,
    status_detail := classification_reason,
    error_message := error_reason,
    dst_endpoint := CASE WHEN target IS NOT NULL THEN struct_pack(ip := target_ip, port := target_port,
      uid := NULL::VARCHAR, type_id := NULL::INTEGER, type := NULL::VARCHAR) END,
    endpoint_connections := CASE WHEN target_port_list IS NOT NULL THEN
      list_transform(list_zip(string_split(target_port_list, ' '), string_split(coalesce(target_status_code_list, ''), ' ')),
        x -> struct_pack(
          network_endpoint := struct_pack(
            ip := trim(left(x[1], length(x[1]) - strpos(reverse(x[1]), ':')), '[]'),
            port := try_cast(right(x[1], strpos(reverse(x[1]), ':') - 1) AS INTEGER),
            uid := NULL::VARCHAR, type_id := NULL::INTEGER, type := NULL::VARCHAR),
          code := try_cast(x[2] AS INTEGER))) END,
    metrics := nullif(list_filter([
        struct_pack(name := 'request_processing_time', value := request_processing_time),
        struct_pack(name := 'target_processing_time', value := target_processing_time),
        struct_pack(name := 'response_processing_time', value := response_processing_time)],
      m -> m.value IS NOT NULL AND m.value <> '-1'), [])
  ) AS load_balancer,
  CASE WHEN trace_root IS NOT NULL THEN struct_pack(uid := trace_root) END AS trace,
  list_filter([
      struct_pack(name := 'src_endpoint.ip', type := 'IP Address', type_id := 2::INTEGER, value := client_ip),
      struct_pack(name := 'dst_endpoint.ip', type := 'IP Address', type_id := 2::INTEGER, value := target_ip),
      struct_pack(name := 'http_request.url.hostname', type := 'Hostname', type_id := 1::INTEGER, value := nullif(u.host, '')),
      struct_pack(name := 'http_request.url.url_string', type := 'URL String', type_id := 6::INTEGER, value := url),
      struct_pack(name := 'http_request.user_agent', type := 'HTTP User-Agent', type_id := 16::INTEGER, value := user_agent),
      struct_pack(name := 'cloud.account.uid', type := 'Account Object: uid', type_id := 35::INTEGER, value := account)],
    o -> o.value IS NOT NULL) AS observables,
  map_from_entries(list_filter([
      struct_pack(k := 'type', v := type),
      struct_pack(k := 'elb', v := elb),
      struct_pack(k := 'trace_id', v := trace_id),
      struct_pack(k := 'chosen_cert_arn', v := chosen_cert_arn),
      struct_pack(k := 'matched_rule_priority', v := matched_rule_priority),
      struct_pack(k := 'actions_executed', v := actions_executed),
      struct_pack(k := 'redirect_url', v := redirect_url),
      struct_pack(k := 'ssl_cipher', v := CASE WHEN ssl_protocol IS NULL THEN ssl_cipher END),
      struct_pack(k := 'domain_name', v := CASE WHEN ssl_protocol IS NULL THEN domain_name END),
      struct_pack(k := 'transformed_host', v := transformed_host),
      struct_pack(k := 'transformed_uri', v := transformed_uri),
      struct_pack(k := 'request_transform_status', v := request_transform_status)],
    e -> e.v IS NOT NULL)) AS unmapped,
  concat_ws(' ', coalesce(type, '-'), coalesce(time, '-'), coalesce(elb, '-'), coalesce(client, '-'),
    coalesce(target, '-'), coalesce(request_processing_time, '-'), coalesce(target_processing_time, '-'),
    coalesce(response_processing_time, '-'), coalesce(elb_status_code, '-'), coalesce(target_status_code, '-'),
    coalesce(received_bytes, '-'), coalesce(sent_bytes, '-'),
    '"' || coalesce(request, '-') || '"', '"' || coalesce(user_agent, '-') || '"',
    coalesce(ssl_cipher, '-'), coalesce(ssl_protocol, '-'), coalesce(target_group_arn, '-'),
    '"' || coalesce(trace_id, '-') || '"', '"' || coalesce(domain_name, '-') || '"',
    '"' || coalesce(chosen_cert_arn, '-') || '"', coalesce(matched_rule_priority, '-'),
    coalesce(request_creation_time, '-'), '"' || coalesce(actions_executed, '-') || '"',
    '"' || coalesce(redirect_url, '-') || '"', '"' || coalesce(error_reason, '-') || '"',
    '"' || coalesce(target_port_list, '-') || '"', '"' || coalesce(target_status_code_list, '-') || '"',
    '"' || coalesce(classification, '-') || '"', '"' || coalesce(classification_reason, '-') || '"',
    coalesce(conn_trace_id, '-'),
    CASE WHEN transformed_host IS NOT NULL OR transformed_uri IS NOT NULL OR request_transform_status IS NOT NULL
      OR elb IS NOT NULL THEN '"' || coalesce(transformed_host, '-') || '" "' || coalesce(transformed_uri, '-') ||
      '" "' || coalesce(request_transform_status, '-') || '"' END) AS raw_data
FROM q`

// simpleSelect follows the CTE f of readFields: 33 top-level columns, casts and a
// few struct_pack objects, with no raw_data, no unmapped map and no regular
// expression.
const simpleSelect = `
SELECT
  4002::INTEGER AS class_uid,
  400203::BIGINT AS type_uid,
  3::INTEGER AS activity_id,
  4::INTEGER AS category_uid,
  1::INTEGER AS severity_id,
  epoch_ms(try_cast(time AS TIMESTAMPTZ)) AS time,
  try_cast(time AS TIMESTAMPTZ) AS time_dt,
  epoch_ms(try_cast(request_creation_time AS TIMESTAMPTZ)) AS start_time,
  elb_status_code AS status_code,
  struct_pack(version := '1.8.0', product := struct_pack(name := 'Elastic Load Balancing', vendor_name := 'AWS'),
    log_source := log_source) AS metadata,
  struct_pack(ip := split_part(client, ':', 1), port := try_cast(split_part(client, ':', -1) AS INTEGER)) AS src_endpoint,
  struct_pack(ip := split_part(target, ':', 1), port := try_cast(split_part(target, ':', -1) AS INTEGER),
    uid := target_group_arn) AS dst_endpoint,
  struct_pack(http_method := split_part(request, ' ', 1), url := split_part(request, ' ', 2),
    version := split_part(request, ' ', -1), user_agent := user_agent) AS http_request,
  struct_pack(code := try_cast(elb_status_code AS INTEGER), length := try_cast(sent_bytes AS INTEGER)) AS http_response,
  struct_pack(bytes_in := try_cast(sent_bytes AS BIGINT), bytes_out := try_cast(received_bytes AS BIGINT)) AS traffic,
  struct_pack(version := ssl_protocol, cipher := ssl_cipher, sni := domain_name) AS tls,
  type AS connection_type,
  elb AS load_balancer_name,
  try_cast(target_status_code AS INTEGER) AS target_code,
  try_cast(request_processing_time AS DOUBLE) AS request_processing_time,
  try_cast(target_processing_time AS DOUBLE) AS target_processing_time,
  try_cast(response_processing_time AS DOUBLE) AS response_processing_time,
  trace_id,
  chosen_cert_arn,
  try_cast(matched_rule_priority AS INTEGER) AS matched_rule_priority,
  actions_executed,
  redirect_url,
  error_reason,
  target_port_list,
  target_status_code_list,
  classification,
  classification_reason,
  conn_trace_id
FROM f`
