// The in-memory file system and path: Node's synchronous API and its errors.
import * as fs from 'fs';
import * as path from 'path';

function attempt(what: string, action: () => unknown): void {
  try {
    print(what, JSON.stringify(action()));
  } catch (error) {
    print(what, error.code, error.message);
  }
}

attempt('read missing', () => fs.readFileSync('missing.txt'));
attempt('write into missing dir', () => fs.writeFileSync('out/a.txt', 'x'));
attempt('mkdir', () => fs.mkdirSync('out'));
attempt('mkdir again', () => fs.mkdirSync('out'));
attempt('mkdir again, recursive', () => fs.mkdirSync('out', { recursive: true }));
attempt('mkdir nested', () => fs.mkdirSync('out/flags/asia'));
attempt('mkdir nested, recursive', () => fs.mkdirSync('out/flags/asia', { recursive: true }));
const file = path.join('out', 'flags', '..', 'note.txt');
fs.writeFileSync(file, 'héllo');
fs.appendFileSync(file, '!');
attempt('read text', () => fs.readFileSync(file, 'utf8'));
attempt('read bytes', () => fs.readFileSync(file).length);
attempt('readdir', () => fs.readdirSync('out'));
attempt('readdir of a file', () => fs.readdirSync(file));
attempt('exists', () => [fs.existsSync('./out/flags/../note.txt'), fs.existsSync('out/note.txt'), fs.existsSync('x')]);
attempt('basename', () => path.basename('http://pic.bizhi360.com/bbpic/98/10798.jpg'));
attempt('basename without ext', () => path.basename('/data/cn.gif', '.gif'));
fs.writeFileSync(path.join('out', 'flags', 'cn.gif'), new Uint8Array([71, 73, 70]));
