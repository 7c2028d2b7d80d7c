// The server calls that go through react-query: the check on the review step
// and the download. A lazy chunk, with react-query in it, mounted only while
// a call is wanted (issue 25: react-query is not in the first chunk). The
// client lives as long as the page, so its cache outlives a remount.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BundleMutation, type BundleMutationProps } from './bundle-mutation.tsx';
import { ServerCheckQuery, type ServerCheckQueryProps } from './server-check-query.tsx';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});

export interface ServerCallsProps {
  check: ServerCheckQueryProps | undefined;
  bundle: BundleMutationProps | undefined;
}

export default function ServerCalls({ check, bundle }: ServerCallsProps) {
  return (
    <QueryClientProvider client={queryClient}>
      {check ? <ServerCheckQuery input={check.input} report={check.report} /> : null}
      {bundle ? <BundleMutation request={bundle.request} report={bundle.report} /> : null}
    </QueryClientProvider>
  );
}
