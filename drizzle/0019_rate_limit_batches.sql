-- Custom SQL migration: GCRA for many requests in one round trip. Each instance gathers the
-- rate-limit checks that arrive while its previous statement is running and sends them together:
-- per key, `p_counts[i]` requests (in arrival order) at one instant. Under the row lock, as many
-- are admitted as fit (exactly what checking them one after another at that instant would admit),
-- and the key's TAT moves by that many emission intervals. Times are whole microseconds, the
-- precision of the stored TAT. Callers send keys sorted, so concurrent batches lock rows in the
-- same order and cannot deadlock. The statement's commit does not wait for the WAL flush
-- (synchronous_commit off for its transaction; callers run it on its own, never inside another
-- transaction): after a database crash the last fraction of a second of rate-limit spending may
-- be forgotten, which costs nothing, and every API request saves a disk flush.
CREATE FUNCTION atrium_rate_limit_take(p_keys text[], p_counts integer[], p_emission_us bigint[], p_period_us bigint[])
RETURNS TABLE (admitted integer, tat_us bigint, now_us bigint)
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  v_now timestamptz := clock_timestamp();
  v_tat timestamptz;
  v_backlog_us bigint;
  v_admitted integer;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  now_us := (extract(epoch FROM v_now) * 1000000)::bigint;
  FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
    SELECT b.tat INTO v_tat FROM rate_limit_buckets b WHERE b.key = p_keys[i] FOR UPDATE;
    IF NOT FOUND THEN
      -- A new key starts full; a concurrent first request for it may have inserted it meanwhile.
      INSERT INTO rate_limit_buckets AS b (key, tat) VALUES (p_keys[i], v_now)
      ON CONFLICT (key) DO UPDATE SET tat = b.tat
      RETURNING b.tat INTO v_tat;
    END IF;
    v_tat := greatest(v_tat, v_now);
    v_backlog_us := (extract(epoch FROM (v_tat - v_now)) * 1000000)::bigint;
    v_admitted := least(p_counts[i]::bigint, greatest(0, (p_period_us[i] - v_backlog_us) / p_emission_us[i]))::integer;
    IF v_admitted > 0 THEN
      v_tat := v_tat + make_interval(secs => (v_admitted * p_emission_us[i])::double precision / 1000000);
      UPDATE rate_limit_buckets SET tat = v_tat WHERE key = p_keys[i];
    END IF;
    admitted := v_admitted;
    tat_us := (extract(epoch FROM v_tat) * 1000000)::bigint;
    RETURN NEXT;
  END LOOP;
END
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_rate_limit_take(text[], integer[], bigint[], bigint[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_rate_limit_take(text[], integer[], bigint[], bigint[]) TO atrium_app;
