import { Anchor, Button, CopyButton, Paper, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { enquirySettingsQuery } from './enquiries-api';

function Snippet({ label, description, value }: { label: string; description?: string; value: string }) {
  return (
    <Stack gap={6}>
      <Textarea
        label={label}
        description={description}
        readOnly
        autosize
        minRows={2}
        value={value}
        styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
        onFocus={(e) => e.currentTarget.select()}
      />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="light" onClick={copy} w="fit-content" aria-label={`Copy: ${label}`}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}

/** Settings → Shop: the shop's enquiry form, and the snippet to paste into its website. */
export function EnquiryFormSnippet() {
  const settings = useQuery(enquirySettingsQuery);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="shop-enquiries">
      <Title order={2} size="h4" id="shop-enquiries" mb="xs">
        Enquiry form for your website
      </Title>
      {!settings.data ? (
        <Skeleton h={120} />
      ) : (
        <Stack gap="md">
          <Text size="sm">
            Your form:{' '}
            <Anchor href={settings.data.formUrl} target="_blank" rel="noopener" style={{ overflowWrap: 'anywhere' }}>
              {settings.data.formUrl}
            </Anchor>
          </Text>
          <Snippet
            label="Paste this where the form should appear on your website"
            description="One script tag: it shows the form there, as tall as the form is."
            value={settings.data.scriptSnippet}
          />
          <Snippet
            label="Or, if your website builder does not accept scripts, this frame"
            description="Its height is fixed, so the form may scroll inside it."
            value={settings.data.iframeSnippet}
          />
        </Stack>
      )}
    </Paper>
  );
}
