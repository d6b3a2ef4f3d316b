import { Alert, Button, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getAllCountries } from 'countries-and-timezones';
import { type FormEvent, useEffect, useState } from 'react';
import { isProblem } from '../api/problem';
import { keys, meQuery } from '../api/queries';
import { useSingleFlight } from '../api/submission-key';
import { EnquiryFormSnippet } from '../enquiries/EnquiryFormSnippet';
import { usePageTitle } from '../layout/page-title';
import { MemoDigestSettings } from '../memos/MemoDigestSettings';
import { LogoUpload } from './LogoUpload';
import { contactQuery, type Locale, localeLabels, saveContact, saveShop } from './shop-api';

const zones = Intl.supportedValuesOf('timeZone');
const currencies = Intl.supportedValuesOf('currency');
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countries = Object.keys(getAllCountries())
  .map((code) => ({ value: code, label: regionNames.of(code) ?? code }))
  .sort((a, b) => a.label.localeCompare(b.label));

interface Form {
  name: string;
  country: string;
  currency: string;
  timeZone: string;
  locale: Locale;
  phone: string;
  email: string;
  address: string;
  openingHours: string;
  logoUrl: string;
}

/** /settings/shop: who the shop is to its customers, and the country, money and clock it works in. */
export function ShopSettingsPage() {
  usePageTitle('Shop settings');
  const { data: me } = useSuspenseQuery(meQuery);
  const contact = useQuery(contactQuery);
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form | null>(null);
  const canEdit = me.user.role !== 'staff';
  const once = useSingleFlight();

  useEffect(() => {
    if (!contact.data || form) return;
    const c = contact.data;
    const s = me.shop;
    setForm({
      name: s.name,
      country: s.country,
      currency: s.currency,
      timeZone: s.timeZone,
      locale: s.locale as Locale,
      phone: c.phone ?? '',
      email: c.email ?? '',
      address: c.address ?? '',
      openingHours: c.openingHours ?? '',
      logoUrl: c.logoUrl ?? '',
    });
  }, [contact.data, me.shop, form]);

  const save = useMutation({
    mutationFn: async (f: Form) => {
      await saveShop({ name: f.name, country: f.country, currency: f.currency, timeZone: f.timeZone, locale: f.locale });
      return saveContact({
        phone: f.phone.trim() || null,
        email: f.email.trim() || null,
        address: f.address.trim() || null,
        openingHours: f.openingHours.trim() || null,
        logoUrl: f.logoUrl.trim() || null,
      });
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Shop details saved', message: 'Customers see them on the tracking page, the slip and messages.' });
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.me }), queryClient.invalidateQueries({ queryKey: contactQuery.queryKey })]);
    },
  });
  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form) once(() => save.mutateAsync(form));
  };
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setForm((f) => (f ? { ...f, [k]: v } : f));

  return (
    <Stack maw={880} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Shop
        </Title>
        <Text c="dimmed" size="sm">
          {canEdit ? 'How customers reach you, and the country, currency and clock the shop works in.' : 'Only owners and managers change these.'}
        </Text>
      </div>
      {contact.isError && <Alert color="red">{isProblem(contact.error) ? contact.error.detail : 'The shop’s details could not be loaded.'}</Alert>}
      {!form ? (
        <Skeleton h={420} />
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="lg">
              <Paper withBorder p="md" radius="md" component="section" aria-labelledby="shop-customers">
                <Stack gap="sm">
                  <Title order={2} size="h4" id="shop-customers">
                    What customers see
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Shop name" required value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errors.name} />
                    <TextInput label="Phone" type="tel" value={form.phone} onChange={(e) => set('phone')(e.currentTarget.value)} error={errors.phone} />
                    <TextInput label="E-mail" type="email" value={form.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errors.email} />
                    <TextInput
                      label="Logo link"
                      description="A link to your logo image (https://…)"
                      value={form.logoUrl}
                      onChange={(e) => set('logoUrl')(e.currentTarget.value)}
                      error={errors.logoUrl}
                    />
                    {canEdit && (
                      <LogoUpload
                        logoUrl={form.logoUrl}
                        onChange={(url) => {
                          set('logoUrl')(url);
                          void queryClient.invalidateQueries({ queryKey: contactQuery.queryKey });
                        }}
                      />
                    )}
                    <Textarea
                      label="Address"
                      autosize
                      minRows={3}
                      value={form.address}
                      onChange={(e) => set('address')(e.currentTarget.value)}
                      error={errors.address}
                    />
                    <Textarea
                      label="Opening hours"
                      autosize
                      minRows={3}
                      value={form.openingHours}
                      onChange={(e) => set('openingHours')(e.currentTarget.value)}
                      error={errors.openingHours}
                    />
                  </SimpleGrid>
                </Stack>
              </Paper>
              <Paper withBorder p="md" radius="md" component="section" aria-labelledby="shop-region">
                <Stack gap="sm">
                  <Title order={2} size="h4" id="shop-region">
                    Country, money and time
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select
                      label="Country"
                      description="Phone numbers customers give are read as this country’s"
                      searchable
                      allowDeselect={false}
                      data={countries}
                      value={form.country}
                      onChange={(v) => v && set('country')(v)}
                      error={errors.country}
                    />
                    <Select
                      label="Currency"
                      description="Amounts are not converted: it can change only before the first job, payment or memo"
                      searchable
                      allowDeselect={false}
                      data={currencies}
                      value={form.currency}
                      onChange={(v) => v && set('currency')(v)}
                      error={errors.currency}
                    />
                    <Select
                      label="Time zone"
                      searchable
                      allowDeselect={false}
                      data={zones}
                      value={form.timeZone}
                      onChange={(v) => v && set('timeZone')(v)}
                      error={errors.timeZone}
                    />
                    <Select
                      label="Dates and numbers"
                      allowDeselect={false}
                      data={(Object.keys(localeLabels) as Locale[]).map((l) => ({ value: l, label: localeLabels[l] }))}
                      value={form.locale}
                      onChange={(v) => v && set('locale')(v as Locale)}
                      error={errors.locale}
                    />
                  </SimpleGrid>
                </Stack>
              </Paper>
              {isProblem(save.error) && Object.keys(errors).length === 0 && (
                <Alert color="red" role="alert">
                  {save.error.detail}
                </Alert>
              )}
              {canEdit && (
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending}>
                    Save shop details
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
        </form>
      )}
      <EnquiryFormSnippet />
      <MemoDigestSettings canEdit={canEdit} />
    </Stack>
  );
}
