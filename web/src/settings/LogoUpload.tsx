import { Button, FileInput, Group, Image, Stack, Text } from '@mantine/core';
import { IconPhotoUp } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../api/client';
import { ApiProblem, isProblem, toProblem, unwrap } from '../api/problem';
import { fetchSignedIn } from '../api/session-gate';

async function upload(file: File): Promise<{ logoUrl: string }> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetchSignedIn(new Request('/api/v1/shop/logo', { method: 'PUT', body: form, credentials: 'same-origin' }));
  } catch {
    throw new ApiProblem(0, 'network', 'Cannot reach Loupe', 'Check the connection and try again.', [], {});
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toProblem(body, res);
  return body as { logoUrl: string };
}

/** Upload the shop's logo (Loupe resizes it and drops the photo's EXIF), see it, or remove it. */
export function LogoUpload({ logoUrl, onChange }: { logoUrl: string; onChange: (url: string) => void }) {
  const put = useMutation({ mutationFn: upload, onSuccess: (a) => onChange(a.logoUrl) });
  const remove = useMutation({ mutationFn: () => unwrap(api.DELETE('/api/v1/shop/logo')), onSuccess: () => onChange('') });
  const error = put.error ?? remove.error;
  return (
    <Stack gap={6}>
      <FileInput
        label="Upload a logo"
        description="A JPEG, PNG or WebP; Loupe fits it inside 600×240 and keeps no photo data"
        accept="image/jpeg,image/png,image/webp"
        leftSection={<IconPhotoUp size={16} aria-hidden />}
        value={null}
        onChange={(f) => f && put.mutate(f)}
        disabled={put.isPending}
        error={isProblem(error) ? error.detail : undefined}
      />
      {logoUrl && (
        <Group gap="sm" align="center" wrap="wrap">
          <Image src={logoUrl} alt="The shop’s logo" h={48} w="auto" fit="contain" maw="100%" />
          <Button variant="default" size="xs" loading={remove.isPending} onClick={() => remove.mutate()}>
            Remove logo
          </Button>
        </Group>
      )}
      {put.isPending && (
        <Text size="sm" c="dimmed">
          Uploading…
        </Text>
      )}
    </Stack>
  );
}
