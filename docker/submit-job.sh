#!/usr/bin/env bash
# One-shot submitter of the lcl-stream job (the `job-submitter` service of docker/compose.yaml):
# waits for the JobManager, does nothing if the job already runs, and otherwise submits
# /opt/lcl/lcl-job.jar with the KEY=VALUE arguments it was given, resuming from the newest
# retained Flink checkpoint under $LCL_CHECKPOINTS (so `docker compose up` after `down` continues
# training where it stopped, with the model and the Kafka offsets of the same checkpoint).
# Environment: LCL_JOBMANAGER (host:port of the REST endpoint, default jobmanager:8081),
# LCL_CHECKPOINTS (default /flink-checkpoints), LCL_FRESH=1 to ignore retained checkpoints.
set -euo pipefail

jobmanager="${LCL_JOBMANAGER:-jobmanager:8081}"
checkpoints="${LCL_CHECKPOINTS:-/flink-checkpoints}"
jar=/opt/lcl/lcl-job.jar
job_name=lcl-stream

log() { echo "submit-job: $*" >&2; }

for attempt in $(seq 1 90); do
  if running="$(flink list -r -m "$jobmanager" 2>/dev/null)"; then
    break
  fi
  [ "$attempt" -eq 90 ] && { log "the JobManager at $jobmanager did not answer within 3 minutes; check 'docker compose logs jobmanager'"; exit 1; }
  sleep 2
done

if grep -q " : ${job_name} (" <<<"$running"; then
  log "job '${job_name}' is already running on $jobmanager; nothing to submit"
  exit 0
fi

resume=()
if [ "${LCL_FRESH:-0}" != 1 ]; then
  # Retained checkpoints: <dir>/<job id>/chk-<n>/_metadata; the newest complete one wins.
  latest="$(ls -1t "$checkpoints"/*/chk-*/_metadata 2>/dev/null | head -n 1 || true)"
  if [ -n "$latest" ]; then
    resume=(-s "$(dirname "$latest")")
    log "resuming from $(dirname "$latest")"
  fi
fi

log "submitting $jar to $jobmanager: $*"
exec flink run -d -m "$jobmanager" "${resume[@]}" "$jar" "$@"
