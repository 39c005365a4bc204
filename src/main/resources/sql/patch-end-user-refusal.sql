-- Why patch-end-user.sql changed nothing: no row (no such end user for the tenant), or which limit the result
-- would break, computed on the current row with the same parameters $1 to $10 (patch-end-user.sql).
SELECT metadata_fits(metadata_merge(CASE WHEN $6 THEN '{}' ELSE metadata END, $3::text[], $4::text::jsonb), $5)
           AS metadata_fits,
       (SELECT count(*)
          FROM jsonb_object_keys(metadata_merge(CASE WHEN $10 THEN '{}' ELSE sensitive_metadata END, $7::text[],
                                                $8::text::jsonb))) <= $9 AS sensitive_fits,
       ARRAY(SELECT key
               FROM jsonb_object_keys(metadata_merge(CASE WHEN $6 THEN '{}' ELSE metadata END, $3::text[],
                                                     $4::text::jsonb)) AS key
              WHERE metadata_merge(CASE WHEN $10 THEN '{}' ELSE sensitive_metadata END, $7::text[],
                                   $8::text::jsonb) ? key
              ORDER BY key
              LIMIT 20) AS shared_keys
  FROM end_users
 WHERE tenant_id = $1 AND id = $2
