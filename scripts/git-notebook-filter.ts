/**
 * git clean filter for notebooks/*.ipynb (see scripts/lib/notebook-git.ts): reads a notebook on
 * stdin and writes the form the repository holds (no outputs, counts or kernel run details).
 * Input that is not a notebook passes through unchanged, so git never stores an empty file.
 */
import { committedForm, parseNotebook, serializeNotebook } from './lib/notebook-file';

const chunks: Buffer[] = [];
process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
process.stdin.on('end', () => {
  const text = Buffer.concat(chunks).toString('utf8');
  let out = text;
  try {
    out = serializeNotebook(committedForm(parseNotebook(text, process.argv[2] ?? 'stdin')));
  } catch (error) {
    process.stderr.write(
      `git-notebook-filter: ${error instanceof Error ? error.message : String(error)}; stored as is\n`,
    );
  }
  process.stdout.write(out);
});
