import 'reflect-metadata';
import { Module } from '../decorators/module.decorator';
import { Program } from '../primitives/program';
import { METADATA_KEYS } from './metadata-keys';
import { getModuleOptions } from './module-metadata';

describe('@Module options metadata', () => {
  it('is readable under the documented METADATA_KEYS.moduleOptions key', () => {
    @Module({ description: 'Answers questions' })
    class Bot extends Program<{ q: string }, string> {
      async forward() {
        return 'x';
      }
    }
    expect(Reflect.getMetadata(METADATA_KEYS.moduleOptions, Bot)).toEqual({ description: 'Answers questions' });
    expect(getModuleOptions(Bot)).toEqual({ description: 'Answers questions' });
  });
});
