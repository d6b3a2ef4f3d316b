import { Anchor, Button, CopyButton, Paper, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { enquirySettingsQuery } from './enquiries-api';

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
        <Stack gap="xs">
          <Text size="sm">
            Your form:{' '}
            <Anchor href={settings.data.formUrl} target="_blank" rel="noopener">
              {settings.data.formUrl}
            </Anchor>
          </Text>
          <Textarea
            label="Paste this where the form should appear on your website"
            readOnly
            autosize
            minRows={3}
            value={settings.data.iframeSnippet}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={settings.data.iframeSnippet}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} w="fit-content">
                {copied ? 'Copied' : 'Copy snippet'}
              </Button>
            )}
          </CopyButton>
        </Stack>
      )}
    </Paper>
  );
}
