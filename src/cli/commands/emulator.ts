import type { RegisterCommand } from '../context.js';

// Placeholder until the owner lands the real command.
const register: RegisterCommand = (program) => {
  program.command('emulator').description('(not implemented yet)');
};
export default register;
