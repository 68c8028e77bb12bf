import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchArguments } from '../../scripts/lib/bench/args';
import { defaultTasks, TASKS } from '../../scripts/bench/plan';

const parse = (argv: string[]) => parseBenchArguments(argv, TASKS, defaultTasks);

describe('parseBenchArguments', () => {
  test('no arguments: full sizes and every task, the pipeline included', () => {
    const args = parse([]);
    assert.equal(args.quick, false);
    assert.equal(args.explicit, false);
    assert.deepEqual(args.tasks, [...TASKS]);
  });

  test('--quick leaves out the slow tasks unless they are named', () => {
    const args = parse(['--quick']);
    assert.equal(args.quick, true);
    assert.ok(!args.tasks.includes('pipeline') && !args.tasks.includes('etl-10m'));
    assert.ok(args.tasks.includes('etl') && args.tasks.includes('shap'));
    assert.deepEqual(parse(['--quick', '--only', 'pipeline']).tasks, ['pipeline']);
  });

  test('--only keeps the run order of the known list, whatever order it names them in, and merges repeats', () => {
    assert.deepEqual(parse(['--only', 'shap,etl,train']).tasks, ['etl', 'train', 'shap']);
    assert.deepEqual(parse(['--only=score', '--only', 'etl,score']).tasks, ['etl', 'score']);
    assert.deepEqual(parse(['--only', ' etl , train ']).tasks, ['etl', 'train']);
    assert.equal(parse(['--only', 'etl']).explicit, true);
  });

  test('an unknown task is an error that names it and lists the known ones', () => {
    assert.throws(
      () => parse(['--only', 'etl,trian']),
      (error: Error) => {
        assert.match(error.message, /unknown task "trian"/);
        for (const task of TASKS) assert.ok(error.message.includes(task));
        return true;
      },
    );
    assert.throws(() => parse(['--only', 'foo,bar']), /unknown tasks "foo", "bar"/);
  });

  test('--only without a list, an empty name or an unknown flag is an error with the usage', () => {
    assert.throws(() => parse(['--only']), /--only needs a comma-separated list/);
    assert.throws(() => parse(['--only', '--quick']), /--only needs a comma-separated list/);
    assert.throws(() => parse(['--only', 'etl,,train']), /empty task name/);
    assert.throws(() => parse(['--fast']), /unknown argument "--fast"\nusage: npm run bench/);
  });
});
