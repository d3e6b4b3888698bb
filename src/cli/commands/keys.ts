import type { Command } from 'commander';
import type { RegisterCommand } from '../context.js';
import { generateKeyFiles } from '../generate-key-files.js';

/** `keys generate`: a fresh RSA key pair for Seller Central. */
const register: RegisterCommand = (program, ctx) => {
  const keys = program.command('keys');

  keys
    .command('generate')
    // Its own --out (a directory for the keys) shadows the global --out (the reports directory).
    .requiredOption('--out <dir>', 'directory for private.pem and public.pem (created if missing)')
    .description('create an RSA 2048 key pair: private.pem (PKCS#8, mode 0600) and public.pem (SPKI)')
    .addHelpText('after', '\nExample:\n  $ amazon-pay-reports keys generate --out ./keys\n\nUpload public.pem in Seller Central (Integration > API keys), then set\nAMAZON_PAY_PUBLIC_KEY_ID to the id it shows and AMAZON_PAY_PRIVATE_KEY_FILE to private.pem.\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const { out } = cmd.opts<{ out: string }>();
      const files = await generateKeyFiles(out, ctx.io.cwd);
      if (ctx.settings().json) return ctx.output.json(files);
      ctx.output.line(`Wrote ${files.privateKeyFile} (private key, keep it secret; mode 0600)`);
      ctx.output.line(`Wrote ${files.publicKeyFile} (public key)`);
      ctx.output.line('');
      ctx.output.line('Next: upload public.pem in Seller Central (Integration > API keys), then');
      ctx.output.line('  export AMAZON_PAY_PUBLIC_KEY_ID=<the Public Key ID Seller Central shows>');
      ctx.output.line(`  export AMAZON_PAY_PRIVATE_KEY_FILE=${files.privateKeyFile}`);
    });
};
export default register;
