import { GroupCommit } from './group-commit';

/** A fake store that records which writes went in which transaction, and can be told to refuse one. */
function store(refuse: (item: number) => boolean = () => false, concurrency = 1) {
  const transactions: number[][] = [];
  const written: Array<[number, boolean]> = [];
  let release: (() => void) | undefined;
  let holdNext = false;
  const writeBatch = async (items: number[]) => {
    if (holdNext) {
      holdNext = false;
      await new Promise<void>((resolve) => (release = resolve));
    }
    if (items.some(refuse)) throw new Error('unique key');
    transactions.push(items);
    return items.map((i) => `ok ${i}`);
  };
  const writeOne = async (item: number) => {
    if (refuse(item)) throw new Error(`refused ${item}`);
    transactions.push([item]);
    return `ok ${item}`;
  };
  return {
    transactions,
    written,
    writes: new GroupCommit(writeBatch, writeOne, { maxBatch: 4, concurrency, onWritten: (size, fellBack) => written.push([size, fellBack]) }),
    holdNextBatch: () => (holdNext = true),
    releaseBatch: () => release?.(),
  };
}

describe('GroupCommit', () => {
  it('writes what arrives in one turn of the event loop in one transaction, and answers each caller its own result', async () => {
    const s = store();
    const answers = await Promise.all([1, 2, 3].map((i) => s.writes.submit(i)));
    expect(answers).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(s.transactions).toEqual([[1, 2, 3]]);
  });

  it('writes a lone item on its own', async () => {
    const s = store();
    await expect(s.writes.submit(7)).resolves.toBe('ok 7');
    expect(s.transactions).toEqual([[7]]);
  });

  it('caps a batch, and writes what arrives while a batch is being written in the next one', async () => {
    const s = store();
    s.holdNextBatch();
    const first = [1, 2, 3, 4, 5, 6].map((i) => s.writes.submit(i));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [7, 8].map((i) => s.writes.submit(i));
    expect(s.transactions).toEqual([]); // nothing is answered before its transaction is written
    s.releaseBatch();
    await Promise.all([...first, ...later]);
    expect(s.transactions).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(s.writes.inFlight).toBe(0);
  });

  it('retries a failed batch one write at a time, so only the bad write fails its caller', async () => {
    const s = store((i) => i === 2);
    const results = await Promise.allSettled([1, 2, 3].map((i) => s.writes.submit(i)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'ok 1' },
      { status: 'rejected', reason: new Error('refused 2') },
      { status: 'fulfilled', value: 'ok 3' },
    ]);
    expect(s.transactions).toEqual([[1], [3]]);
  });

  it('starts the next batch while one is being written, up to the concurrency asked for', async () => {
    const s = store(undefined, 2);
    s.holdNextBatch();
    const first = [1, 2].map((i) => s.writes.submit(i));
    await new Promise((resolve) => setImmediate(resolve));
    const second = [3, 4].map((i) => s.writes.submit(i));
    await Promise.all(second); // written beside the held batch
    expect(s.transactions).toEqual([[3, 4]]);
    s.releaseBatch();
    await Promise.all(first);
    expect(s.transactions).toEqual([
      [3, 4],
      [1, 2],
    ]);
  });

  it('tells its observer the size of every transaction, and which batches fell back to one write at a time', async () => {
    const s = store((item) => item === 6);
    await Promise.all([1, 2, 3].map((i) => s.writes.submit(i)));
    await s.writes.submit(4);
    await Promise.allSettled([5, 6].map((i) => s.writes.submit(i)));
    await new Promise((resolve) => setImmediate(resolve)); // observed once the batch's writes are all done, after its callers hear
    expect(s.written).toEqual([
      [3, false],
      [1, false],
      [2, true],
    ]);
  });

  it('fails every caller of a batch the database could not take, without writing each alone into the outage, and goes on', async () => {
    const calls: string[] = [];
    let down = true;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const writes = new GroupCommit<number, string>(
      async (items) => {
        calls.push(`batch ${items.join(',')}`);
        if (down) throw refused;
        return items.map((i) => `ok ${i}`);
      },
      async (item) => {
        calls.push(`one ${item}`);
        return `ok ${item}`;
      },
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => writes.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBe(refused);
    expect(calls).toEqual(['batch 1,2,3']);
    down = false;
    await expect(Promise.all([4, 5].map((i) => writes.submit(i)))).resolves.toEqual(['ok 4', 'ok 5']);
    expect(writes.inFlight).toBe(0);
  });

  it('fails the callers of a batch that never settles after stallTimeoutMs, and writes the next batches', async () => {
    let first = true;
    const writes = new GroupCommit<number, string>(
      (items) => (first ? ((first = false), new Promise<string[]>(() => undefined)) : Promise.resolve(items.map((i) => `ok ${i}`))),
      async (item) => `ok ${item}`,
      { stallTimeoutMs: 50 },
    );
    const started = Date.now();
    const stuck = await Promise.allSettled([1, 2].map((i) => writes.submit(i)));
    expect(stuck.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((stuck[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'GROUP_COMMIT_STALLED' });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(Promise.all([3, 4].map((i) => writes.submit(i)))).resolves.toEqual(['ok 3', 'ok 4']);
    expect(writes.inFlight).toBe(0);
  });
});
