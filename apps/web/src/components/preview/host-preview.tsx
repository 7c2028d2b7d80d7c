// One host of the preview. Memoized on the host object: a render of the
// preview that did not regenerate it (share.txt arriving) skips it whole.
import { memo } from 'react';
import type { GeneratedFile, HostBundle } from '@lmtp-wizard/generator';
import type { FileDiffView } from '../../state/import.ts';
import { FilePreview } from './file-preview.tsx';
import { StepItem } from './step-item.tsx';

export const HostPreview = memo(function HostPreview({
  host,
  diffs,
}: {
  host: HostBundle;
  diffs?: ReadonlyMap<string, FileDiffView> | undefined;
}) {
  const titleId = `host-${host.id}`;
  return (
    <section className="host" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <code>{host.id}/</code> {host.title}
      </h3>
      <h4>Files</h4>
      <FileList files={host.files} diffs={diffs} />
      <h4>Steps apply.sh takes</h4>
      <ol className="host-steps">
        {host.steps.map((s, i) => (
          <StepItem
            key={`${i}-${s.title}`}
            title={s.title}
            explanation={s.explanation}
            guideRef={s.guideRef}
            commands={s.commands}
          />
        ))}
      </ol>
    </section>
  );
});

function FileList({
  files,
  diffs,
}: {
  files: readonly GeneratedFile[];
  diffs?: ReadonlyMap<string, FileDiffView> | undefined;
}) {
  return (
    <div className="files">
      {files.map((f) => (
        <FilePreview
          key={f.path}
          path={f.path}
          target={f.target}
          mode={f.mode}
          install={f.install}
          content={f.content}
          explanation={f.explanation}
          guideRef={f.guideRef}
          secret={f.secret}
          diff={f.target === null ? undefined : diffs?.get(f.target)}
        />
      ))}
    </div>
  );
}

/** README.md and answers.json at the top of the tarball, beside the host folders. */
export function TopLevelPreview({ files }: { files: readonly GeneratedFile[] }) {
  return (
    <section className="host" aria-labelledby="host-top-level">
      <h3 id="host-top-level">Top level of the bundle</h3>
      <FileList files={files} />
    </section>
  );
}
