import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createLogger } from '../logger.js';
import { createPlatform } from '../main.js';
import type { SessionMessageView, SessionViewData } from '../services/interview-service.js';
import { requireConfig, runCommand } from './run-command.js';

/** Lines from stdin, one at a time, whether it is a terminal or a pipe. */
function lineReader(): { next(prompt: string): Promise<string | undefined>; close(): void } {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const buffered: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else buffered.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  });
  return {
    next: (prompt) => {
      process.stdout.write(prompt);
      if (buffered.length > 0) return Promise.resolve(buffered.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
}

function print(messages: readonly SessionMessageView[]): void {
  for (const message of messages) {
    if (message.role === 'candidate') continue;
    process.stdout.write(`\n${message.role === 'interviewer' ? 'Interviewer' : 'System'}: ${message.text}\n`);
    const item = (message.meta.item ?? undefined) as { kind?: string; options?: { id: string; text: string }[]; answerCell?: string; instructions?: string[] } | undefined;
    if (message.meta.type === 'question' && item) {
      if (item.kind === 'choice') for (const option of item.options ?? []) process.stdout.write(`   ${option.id}) ${option.text}\n`);
      if (item.kind === 'formula') process.stdout.write(`   (type a formula for ${item.answerCell ?? 'the answer cell'}, starting with =)\n`);
      if (item.kind === 'workbook') process.stdout.write('   (download the workbook from the web app, or type the path of your edited .xlsx)\n');
    }
  }
}

/** Registers `interview`: the same interview as the web app, in a terminal. */
export function registerInterviewCommands(program: Command): void {
  program
    .command('interview')
    .description('Take an interview in the terminal (the demo profile unless --profile is given)')
    .option('--profile <id>', 'interview profile id (default: the demo profile)')
    .action((options: { profile?: string }) =>
      runCommand(async () => {
        const config = requireConfig();
        // The chat owns stdout; logs go to stderr.
        const platform = await createPlatform(config, createLogger(config.LOG_LEVEL, process.stderr), { webRoot: undefined, processJobs: false });
        const interviews = platform.services.interviews;
        const input = lineReader();
        try {
          let token: string;
          if (options.profile) {
            const profile = await platform.services.profiles.get((await platform.store.db.selectFrom('interview_profiles').select('organisation_id').where('id', '=', options.profile).executeTakeFirstOrThrow()).organisation_id, options.profile);
            token = (await interviews.invite({ organisationId: profile.organisationId, profileId: profile.id, candidate: { name: 'Terminal candidate', email: `terminal-${randomUUID()}@example.invalid` } })).token;
          } else {
            token = (await interviews.createDemo()).token;
          }
          let session: SessionViewData = await interviews.consent(token, {});
          print(session.messages);
          session = await interviews.start(token);
          print(session.messages.slice(-1));
          while (session.state === 'in-progress') {
            const line = await input.next('\nYou: ');
            if (line === undefined) break;
            const text = line.trim();
            const item = session.current?.item;
            let reply;
            if (item?.kind === 'choice' && !session.awaitingWarmUp && /^[a-z](\s*,\s*[a-z])*$/i.test(text)) {
              reply = await interviews.answer(token, randomUUID(), item.id, { kind: 'choice', selected: text.toLowerCase().split(/\s*,\s*/) });
            } else if (item?.kind === 'workbook' && !session.awaitingWarmUp && /\.xlsx?m?$/i.test(text)) {
              reply = await interviews.upload(token, randomUUID(), item.id, text.split('/').pop() ?? 'answer.xlsx', new Uint8Array(await readFile(text)));
            } else {
              reply = await interviews.message(token, randomUUID(), text);
            }
            print(reply.messages);
            session = reply.session;
          }
          process.stdout.write(`\nInterview ${session.state}.\n`);
        } finally {
          input.close();
          await platform.close();
        }
      }),
    );
}
