import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BusinessHours } from '../../../common/domain/business-hours.js'
import { DEFAULT_SATISFACTION, type SatisfactionPolicy } from '../../../common/domain/satisfaction.js'
import type { SlaPolicy } from '../../../common/domain/sla.js'
import { useAppStore } from '../store/store-context.js'
import { WholeNumberField } from './window-rescue-settings.js'

/** Monday first, as a week reads on a schedule. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const
const DATE = /^\d{4}-\d{2}-\d{2}$/

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Saves only what changed. */
function saver<T>(current: T, onChange: (next: T) => void) {
  return (patch: Partial<T>) => {
    const next = { ...current, ...patch }
    if (JSON.stringify(next) !== JSON.stringify(current)) onChange(next)
  }
}

/** The team's calendar: a time zone, one opening per weekday, holidays. Off: open around the clock. */
export function BusinessHoursSettings(props: {
  readonly hours: BusinessHours | null
  readonly onChange: (hours: BusinessHours | null) => void
}) {
  const { t } = useTranslation()
  const { hours, onChange } = props
  const [zone, setZone] = useState(hours?.timeZone ?? '')
  const [holidays, setHolidays] = useState(hours?.holidays.join(', ') ?? '')
  const fresh: BusinessHours = {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })),
    holidays: [],
  }
  return (
    <fieldset className="window-rescue service-level" data-testid="business-hours">
      <legend className="field__label">{t('admin.hoursTitle')}</legend>
      <span className="field__hint block">{t('admin.hoursHint')}</span>
      <label className="field field--inline">
        <span>{t('admin.hoursKept')}</span>
        <input
          type="checkbox"
          checked={hours !== null}
          onChange={(event) => {
            setZone(fresh.timeZone)
            onChange(event.target.checked ? fresh : null)
          }}
          data-testid="hours-enabled"
        />
      </label>
      {hours === null ? null : (
        <>
          <label className="field field--inline">
            <span>{t('admin.hoursZone')}</span>
            <input
              className="admin-input"
              value={zone}
              onChange={(event) => setZone(event.target.value)}
              onBlur={() =>
                isTimeZone(zone) ? saver(hours, onChange)({ timeZone: zone }) : setZone(hours.timeZone)
              }
              data-testid="hours-zone"
            />
          </label>
          {WEEK.map((day) => {
            const opening = hours.weekly.find((each) => each.day === day) ?? null
            const setOpening = (next: { start: string; end: string } | null) =>
              saver(
                hours,
                onChange,
              )({
                weekly: [
                  ...hours.weekly.filter((each) => each.day !== day),
                  ...(next === null ? [] : [{ day, ...next }]),
                ].sort((a, b) => WEEK.indexOf(a.day as never) - WEEK.indexOf(b.day as never)),
              })
            return (
              <div
                key={day}
                className="field field--inline service-level__day"
                data-testid={`hours-day-${day}`}
              >
                <label>
                  <input
                    type="checkbox"
                    checked={opening !== null}
                    onChange={(event) =>
                      setOpening(event.target.checked ? { start: '09:00', end: '18:00' } : null)
                    }
                  />{' '}
                  {t(`reports.weekdays.${day}`)}
                </label>
                {opening === null ? (
                  <span className="muted small">{t('admin.hoursClosed')}</span>
                ) : (
                  <span className="service-level__times">
                    <input
                      type="time"
                      value={opening.start}
                      onChange={(event) =>
                        event.target.value !== '' && setOpening({ ...opening, start: event.target.value })
                      }
                      aria-label={t('admin.hoursFrom')}
                    />
                    –
                    <input
                      type="time"
                      value={opening.end}
                      onChange={(event) =>
                        event.target.value !== '' && setOpening({ ...opening, end: event.target.value })
                      }
                      aria-label={t('admin.hoursTo')}
                    />
                  </span>
                )}
              </div>
            )
          })}
          <label className="field field--inline">
            <span>{t('admin.hoursHolidays')}</span>
            <input
              className="admin-input"
              value={holidays}
              placeholder="2027-02-17, 2027-10-01"
              onChange={(event) => setHolidays(event.target.value)}
              onBlur={() => {
                const dates = holidays.split(/[\s,，、]+/).filter((each) => each !== '')
                if (dates.every((date) => DATE.test(date)))
                  saver(hours, onChange)({ holidays: [...new Set(dates)].sort() })
                else setHolidays(hours.holidays.join(', '))
              }}
              data-testid="hours-holidays"
            />
          </label>
        </>
      )}
    </fieldset>
  )
}

/** Response-time targets: first and next response, counted in business hours or not, tighter per tag. */
export function SlaSettings(props: {
  readonly sla: SlaPolicy | null
  readonly onChange: (sla: SlaPolicy | null) => void
}) {
  const { t } = useTranslation()
  const tags = useAppStore((state) => state.tags)
  const current: SlaPolicy = props.sla ?? {
    firstResponseMinutes: null,
    nextResponseMinutes: null,
    isBusinessHours: true,
    byTag: [],
  }
  const save = (patch: Partial<SlaPolicy>) => {
    const next = { ...current, ...patch }
    const isEmpty =
      next.firstResponseMinutes === null && next.nextResponseMinutes === null && next.byTag.length === 0
    if (JSON.stringify(next) !== JSON.stringify(current) || (isEmpty && props.sla !== null))
      props.onChange(isEmpty ? null : next)
  }
  const unused = tags.filter((tag) => !current.byTag.some((each) => each.tagId === tag.id))
  return (
    <fieldset className="window-rescue service-level" data-testid="sla-settings">
      <legend className="field__label">{t('admin.slaTitle')}</legend>
      <span className="field__hint block">{t('admin.slaHint')}</span>
      <WholeNumberField
        label={t('admin.slaFirst')}
        value={current.firstResponseMinutes}
        min={1}
        max={10_080}
        isOptional
        placeholder={t('admin.slaNone')}
        onSave={(firstResponseMinutes) => save({ firstResponseMinutes })}
        testId="sla-first"
      />
      <WholeNumberField
        label={t('admin.slaNext')}
        value={current.nextResponseMinutes}
        min={1}
        max={10_080}
        isOptional
        placeholder={t('admin.slaNone')}
        onSave={(nextResponseMinutes) => save({ nextResponseMinutes })}
        testId="sla-next"
      />
      <label className="field field--inline">
        <span>{t('admin.slaBusinessHours')}</span>
        <input
          type="checkbox"
          checked={current.isBusinessHours}
          onChange={(event) => save({ isBusinessHours: event.target.checked })}
          data-testid="sla-business-hours"
        />
      </label>
      {current.byTag.map((targets) => (
        <div key={targets.tagId} className="service-level__tag" data-testid="sla-tag">
          <span className="field__label">
            {tags.find((tag) => tag.id === targets.tagId)?.name ?? targets.tagId}
          </span>
          <WholeNumberField
            label={t('admin.slaFirst')}
            value={targets.firstResponseMinutes}
            min={1}
            max={10_080}
            isOptional
            placeholder={t('admin.slaTeams')}
            onSave={(firstResponseMinutes) =>
              save({
                byTag: current.byTag.map((each) =>
                  each.tagId === targets.tagId ? { ...each, firstResponseMinutes } : each,
                ),
              })
            }
            testId="sla-tag-first"
          />
          <button
            type="button"
            className="link-button"
            onClick={() => save({ byTag: current.byTag.filter((each) => each.tagId !== targets.tagId) })}
          >
            {t('admin.remove')}
          </button>
        </div>
      ))}
      {unused.length === 0 ? null : (
        <label className="field field--inline">
          <span>{t('admin.slaAddTag')}</span>
          <select
            value=""
            onChange={(event) =>
              event.target.value !== '' &&
              save({
                byTag: [
                  ...current.byTag,
                  { tagId: event.target.value, firstResponseMinutes: null, nextResponseMinutes: null },
                ],
              })
            }
            data-testid="sla-add-tag"
          >
            <option value="">—</option>
            {unused.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  )
}

/** The rating question on resolving: on or off, the team's words, how long an answer counts. */
export function SatisfactionSettings(props: {
  readonly policy: SatisfactionPolicy | null
  readonly onChange: (policy: SatisfactionPolicy) => void
}) {
  const { t } = useTranslation()
  const current = props.policy ?? DEFAULT_SATISFACTION
  const [question, setQuestion] = useState(current.question)
  const save = saver(current, props.onChange)
  return (
    <fieldset className="window-rescue service-level" data-testid="satisfaction-settings">
      <legend className="field__label">{t('admin.ratingTitle')}</legend>
      <span className="field__hint block">{t('admin.ratingHint')}</span>
      <label className="field field--inline">
        <span>{t('admin.ratingEnabled')}</span>
        <input
          type="checkbox"
          checked={current.isEnabled}
          onChange={(event) => save({ isEnabled: event.target.checked })}
          data-testid="rating-enabled"
        />
      </label>
      <label className="field service-level__question">
        <span>{t('admin.ratingQuestion')}</span>
        <textarea
          className="admin-input"
          rows={3}
          maxLength={600}
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
          onBlur={() =>
            question.trim() === '' ? setQuestion(current.question) : save({ question: question.trim() })
          }
          data-testid="rating-question"
        />
      </label>
      <WholeNumberField
        label={t('admin.ratingWithin')}
        value={current.answerWithinHours}
        min={1}
        max={48}
        onSave={(answerWithinHours) => answerWithinHours !== null && save({ answerWithinHours })}
        testId="rating-within"
      />
    </fieldset>
  )
}
