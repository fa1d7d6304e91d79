import { installModules } from '../modules.ts';

// Tests call services without building an app too: the modules tell the policy what each role may do.
installModules();
