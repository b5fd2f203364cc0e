/**
 * One log viewer for live and stored logs: streams a node's (or the whole run's) log while the run
 * goes on, reads the stored log once it has finished (retried attempts are nodes of their own);
 * search, timestamps on/off, download as text; lines are virtualised.
 */
import { useEffect, useMemo, useState } from 'react';
import { readStream } from '../api/client';
import { logUrl } from '../api/endpoints';
import { VirtualList } from './virtual-list';

interface Props {
  readonly namespace: string;
  readonly workflow: string;
  readonly nodeId?: string;
  readonly nodeLabel: string;
  readonly live: boolean;
}

interface LogLine {
  readonly time: string;
  readonly text: string;
  readonly pod: string;
}

function lineOf(result: { content?: string; podName?: string }): LogLine {
  const content = result.content ?? '';
  const space = content.indexOf(' ');
  const stamped = space > 0 && /^\d{4}-\d\d-\d\dT/.test(content);
  return {
    time: stamped ? content.slice(0, space) : '',
    text: stamped ? content.slice(space + 1) : content,
    pod: result.podName ?? '',
  };
}

function useLogLines(props: Props) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [status, setStatus] = useState('loading');
  const { namespace, workflow, nodeId, live } = props;
  useEffect(() => {
    const abort = new AbortController();
    let buffer: LogLine[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLines([]);
    setStatus(live ? 'streaming' : 'loading');
    // Lines are added ten times a second at most: copying a 100,000-line log every frame would not keep up.
    const flush = () => {
      timer = undefined;
      const add = buffer;
      buffer = [];
      setLines((old) => old.concat(add));
    };
    readStream<{ content?: string; podName?: string }>(
      logUrl(namespace, workflow, nodeId, live),
      (result) => {
        buffer.push(lineOf(result));
        timer ??= setTimeout(flush, 100);
      },
      abort.signal,
    ).then(
      () => setStatus('complete'),
      (error: Error) => !abort.signal.aborted && setStatus(`failed: ${error.message}`),
    );
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [namespace, workflow, nodeId, live]);
  return { lines, status };
}

export function LogViewer(props: Props) {
  const { lines, status } = useLogLines(props);
  const [search, setSearch] = useState('');
  const [timestamps, setTimestamps] = useState(false);
  const shown = useMemo(
    () => (search ? lines.filter((l) => l.text.toLowerCase().includes(search.toLowerCase())) : lines),
    [lines, search],
  );
  const download = () => {
    const text = lines.map((l) => `${l.time ? `${l.time} ` : ''}${l.text}`).join('\n');
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${props.workflow}${props.nodeId ? `-${props.nodeId}` : ''}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section className="logs" aria-label={`Logs of ${props.nodeLabel}`}>
      <div className="toolbar">
        <label>
          Search log <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />{' '}
          Timestamps
        </label>
        <button type="button" onClick={download} disabled={lines.length === 0}>
          ⤓ Download
        </button>
        <span role="status" className="muted" data-testid="log-status">
          {status === 'streaming' ? '● live' : status === 'complete' ? '✔ complete' : status} · {shown.length}{' '}
          lines
        </span>
      </div>
      {lines.length === 0 && status === 'complete' ? (
        <p className="muted">No log output.</p>
      ) : (
        <VirtualList
          className="log-lines"
          label="Log lines"
          items={shown}
          rowHeight={18}
          height={360}
          followEnd={props.live}
          render={(line) => (
            <code className="log-line">
              {timestamps && line.time && <span className="muted">{line.time} </span>}
              {!props.nodeId && line.pod && <span className="muted">{line.pod}: </span>}
              {line.text}
            </code>
          )}
        />
      )}
    </section>
  );
}
