import { createContext, useContext } from 'react';
import type { WizardModel } from './use-wizard-model.ts';

export const WizardContext = createContext<WizardModel | null>(null);

export function useWizard(): WizardModel {
  const model = useContext(WizardContext);
  if (model === null) throw new Error('useWizard outside <WizardContext>');
  return model;
}
