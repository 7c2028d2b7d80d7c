export async function remoteExperiments(): Promise<void> {}
