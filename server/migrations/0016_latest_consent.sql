-- A patient's latest consent record (ORDER BY recorded_at DESC, id DESC LIMIT 1,
-- asked once per patient of every patient list) is read straight off this
-- index; the old one lacked the id and sorted each patient's consents.
CREATE INDEX consents_latest ON consents (patient_id, recorded_at, id);
DROP INDEX consents_by_patient;
