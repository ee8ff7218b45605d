import { IonButton, IonContent, IonPage } from '@ionic/react';

const KEY = '{{VPK_LIVE:cap-page}}';

const Home: React.FC = () => (
  <IonPage>
    <IonContent>
      <IonButton
        onClick={() =>
          fetch('https://api.vibepeak.ai/v1/tasks', {
            method: 'POST',
            headers: { Authorization: `Bearer ${KEY}` },
          })
        }
      >
        Generate
      </IonButton>
    </IonContent>
  </IonPage>
);

export default Home;
