// The ids of the narrow screen's views and their tabs (components/view-tabs.tsx):
// here, apart from the tabs, so that the first chunk need not hold the tabs
// themselves (issue 25's 80 kB), which load with the other lazy parts.
export type View = 'form' | 'preview' | 'plan';

export const viewTabId = (view: View): string => `view-tab-${view}`;
export const viewPanelId = (view: View): string => `view-${view}`;
